using System.Net;
using Carapace.Core.Config;

namespace Carapace.Voice.Relay;

/// <summary>
/// The self-hosted relay (<c>voice.relay</c>): where it listens, which API key belongs to which user (instead of the
/// hosted service's key database) and the shared secret voice agents present.
/// </summary>
public sealed record RelayOptions
{
    /// <summary><c>voice.relay.host</c>, default <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary><c>voice.relay.port</c>, default 8080 as the hosted relay; 0 picks a free port.</summary>
    public int Port { get; init; } = 8080;

    /// <summary><c>voice.relay.agentSecret</c>: the shared secret in <c>agent_connect</c>; required.</summary>
    public string AgentSecret { get; init; } = "";

    /// <summary><c>voice.relay.apiKeys</c>: user id → <c>cc_</c> API key; each key authenticates that user's plugin.</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>How long a new socket may take to authenticate before it is closed with 4001; 10 s as the hosted relay.</summary>
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Binds <c>voice.relay</c>; a missing secret, a key without <c>cc_</c> or a key used twice is an error naming the key.</summary>
    public static RelayOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = new RelayOptions();
        var host = section["host"].AsString(defaults.Host)!.Trim();
        if (host != "localhost" && !IPAddress.TryParse(host, out _))
        {
            section["host"].Error($"'{host}' is not an IP address or localhost");
            host = defaults.Host;
        }

        var secret = section["agentSecret"].AsString("") ?? "";
        if (secret.Length < 16)
        {
            section["agentSecret"].Error("required: a shared secret of at least 16 characters that voice agents send in agent_connect");
        }

        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (user, value) in section["apiKeys"].Entries())
        {
            var key = value.AsString()?.Trim();
            if (key is null || !key.StartsWith("cc_", StringComparison.Ordinal))
            {
                value.Error("must be an API key starting with \"cc_\"");
            }
            else if (!seen.Add(key))
            {
                value.Error("this API key is already given to another user");
            }
            else
            {
                keys[user] = key;
            }
        }

        return new RelayOptions
        {
            Host = host,
            Port = section["port"].AsInt(defaults.Port, min: 0, max: 65535),
            AgentSecret = secret,
            ApiKeys = keys,
        };
    }
}
