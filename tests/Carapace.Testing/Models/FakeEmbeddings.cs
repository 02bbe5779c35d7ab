using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Carapace.Testing.Models;

/// <summary>
/// The OpenAI <c>/v1/embeddings</c> endpoint of the fake server: each input becomes a unit vector of hashed word
/// counts, so texts sharing words are similar, as with a real model; it can be switched to fail like a provider outage.
/// </summary>
public sealed class FakeEmbeddings
{
    /// <summary>Dimensions of every vector.</summary>
    public const int Dimensions = 64;

    private int _requests;

    /// <summary>How many embedding requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>When set, every request gets this HTTP status with an OpenAI error body.</summary>
    public int? FailWith { get; set; }

    internal async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var ct = context.RequestAborted;
        var json = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(ct))!.AsObject();
        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "The embeddings service is unavailable.", type = "server_error", code = "server_error" } }, ct);
            return;
        }

        var inputs = json["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToArray() : [json["input"]!.GetValue<string>()];
        var data = new JsonArray([.. inputs.Select((text, i) => new JsonObject
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = new JsonArray([.. Vector(text).Select(v => JsonValue.Create(v))]),
        })]);
        var tokens = inputs.Sum(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = json["model"]?.GetValue<string>() ?? "",
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }, ct);
    }

    private static float[] Vector(string text) =>
        HashedWordVector.Of(text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', '?', '!', '-')), Dimensions);
}
