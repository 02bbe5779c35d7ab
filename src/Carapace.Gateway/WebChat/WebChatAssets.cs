using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Carapace.Gateway.WebChat;

/// <summary>
/// The browser chat page (<c>/chat</c>), its script and style, served from resources inside the assembly so the
/// gateway ships as one program. The page holds no secrets: it asks for the client token (or takes it from the URL
/// fragment) and talks to <c>/ws</c> like any other client; a strict content security policy allows nothing but
/// its own files and that socket.
/// </summary>
internal static class WebChatAssets
{
    /// <summary>The page's path.</summary>
    public const string PagePath = "/chat";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (string File, string ContentType)> Routes = new Dictionary<string, (string, string)>
    {
        [PagePath] = ("chat.html", "text/html; charset=utf-8"),
        ["/chat.js"] = ("chat.js", "text/javascript; charset=utf-8"),
        ["/chat.css"] = ("chat.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Contents = Routes.Values.ToFrozenDictionary(r => r.File, r => Load(r.File));

    /// <summary>The paths served.</summary>
    public static IEnumerable<string> Paths => Routes.Keys;

    /// <summary>Writes the asset at the request's path.</summary>
    public static Task ServeAsync(HttpContext context)
    {
        var (file, contentType) = Routes[context.Request.Path.Value!];
        var headers = context.Response.Headers;
        headers.ContentType = contentType;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(Contents[file], context.RequestAborted).AsTask();
    }

    private static byte[] Load(string file)
    {
        using var stream = typeof(WebChatAssets).Assembly.GetManifestResourceStream("Carapace.Gateway.WebChat." + file)
            ?? throw new InvalidOperationException($"the web chat asset {file} is missing from the gateway assembly (a build problem)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
