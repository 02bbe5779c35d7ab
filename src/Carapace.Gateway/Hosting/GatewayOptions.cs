using System.Net;
using Carapace.Core.Config;

namespace Carapace.Gateway.Hosting;

/// <summary>
/// The <c>gateway</c> config section: where the host listens and how clients authenticate. Defaults: port 18789,
/// bind 127.0.0.1, token from <c>&lt;state&gt;/gateway.token</c>, client channels tui and webchat, 32768 characters per message.
/// </summary>
public sealed record GatewayOptions
{
    /// <summary>The TCP port (default 18789).</summary>
    public int Port { get; init; } = 18789;

    /// <summary>The address to listen on, key <c>gateway.bind</c> (default 127.0.0.1); anything not loopback is reachable by other machines.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>A fixed client token from <c>gateway.auth.token</c>; null means the generated token file.</summary>
    public string? AuthToken { get; init; }

    /// <summary>Channel names a WebSocket client may speak as (default tui, webchat); other channels have their own adapters.</summary>
    public IReadOnlyList<string> ClientChannels { get; init; } = ["tui", "webchat"];

    /// <summary>The longest message text a client may send, in characters (default 32768).</summary>
    public int MaxTextChars { get; init; } = 32768;

    /// <summary>The parsed listen address.</summary>
    public IPAddress ListenAddress => ParseBind(Address) ?? IPAddress.Loopback;

    /// <summary>True when the listen address is reachable only from this machine.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(ListenAddress);

    /// <summary>Binds the <c>gateway</c> section; errors and the non-loopback warning go to the document.</summary>
    public static GatewayOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new GatewayOptions();
        var bindSection = section["bind"];
        var bind = bindSection.AsString(defaults.Address)!.Trim();
        var address = ParseBind(bind);
        if (address is null)
        {
            bindSection.Error($"'{bind}' is not an IP address; use 127.0.0.1 (this machine only), ::1, localhost or 0.0.0.0");
            bind = defaults.Address;
        }
        else if (!IPAddress.IsLoopback(address))
        {
            bindSection.Warn($"the gateway listens on {bind}, which other machines can reach; anyone with the token can use your agent. Use 127.0.0.1 unless you mean it");
        }

        var token = section["auth"]["token"];
        var tokenText = token.AsString();
        if (tokenText is not null && tokenText.Trim().Length < 16)
        {
            token.Error("the token is shorter than 16 characters; remove it to use the generated token file, or use a long random string");
            tokenText = null;
        }

        var channels = section["clientChannels"];
        var clientChannels = channels.Exists ? channels.AsStringList().Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Length > 0).Distinct().ToArray() : defaults.ClientChannels;

        return new GatewayOptions
        {
            Port = section["port"].AsInt(defaults.Port, 1, 65535),
            Address = bind,
            AuthToken = tokenText?.Trim(),
            ClientChannels = clientChannels,
            MaxTextChars = section["maxTextChars"].AsInt(defaults.MaxTextChars, 1, 1_048_576),
        };
    }

    private static IPAddress? ParseBind(string bind) =>
        string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(bind, out var address) ? address
        : null;
}
