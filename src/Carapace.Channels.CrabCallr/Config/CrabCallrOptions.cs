using System.Net;
using Carapace.Core.Config;

namespace Carapace.Channels.CrabCallr.Config;

/// <summary>
/// One CrabCallr account, with the original plugin's keys and defaults. Base keys sit under <c>channels.crabcallr</c>;
/// <c>channels.crabcallr.accounts.&lt;id&gt;</c> overrides them per account.
/// </summary>
public sealed record CrabCallrOptions
{
    /// <summary>The relay the original plugin connects to.</summary>
    public const string DefaultServiceUrl = "wss://ws.crabcallr.com/plugin";

    /// <summary>The account id (the key under <c>accounts</c>), default <c>default</c>.</summary>
    public string AccountId { get; init; } = "default";

    /// <summary><c>name</c>: a label for status output.</summary>
    public string? Name { get; init; }

    /// <summary><c>enabled</c>, default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>apiKey</c>: <c>cc_</c> followed by 32 hex characters; required.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary><c>serviceUrl</c>, default <c>wss://ws.crabcallr.com/plugin</c>.</summary>
    public Uri ServiceUrl { get; init; } = new(DefaultServiceUrl);

    /// <summary><c>autoConnect</c>, default true.</summary>
    public bool AutoConnect { get; init; } = true;

    /// <summary><c>reconnectInterval</c> in ms (at least 1000), default 5000: the first reconnect delay.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>maxReconnectAttempts</c>, default 10; 0 means unlimited.</summary>
    public int MaxReconnectAttempts { get; init; } = 10;

    /// <summary><c>requestTimeoutSec</c> (at least 5), default 60: how long one answer may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a JSON ping is sent, 30 s as the original; fixed by the protocol, so not a config key.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>fillers.*</c>.</summary>
    public FillerOptions Fillers { get; init; } = new();

    /// <summary><c>idle.*</c>.</summary>
    public IdleOptions Idle { get; init; } = new();

    /// <summary>Binds one account section; absent keys keep the inherited (or default) value; the API key is required.</summary>
    public static CrabCallrOptions Bind(ConfigSection section, CrabCallrOptions? inherited = null) =>
        BindAccount(section, inherited?.AccountId ?? "default", inherited ?? new CrabCallrOptions(), requireKey: true);

    internal static CrabCallrOptions BindAccount(ConfigSection section, string accountId, CrabCallrOptions b, bool requireKey)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new CrabCallrOptions
        {
            AccountId = accountId,
            Name = section["name"].AsString(b.Name),
            Enabled = section["enabled"].AsBool(b.Enabled),
            ApiKey = ApiKeyOf(section["apiKey"], b.ApiKey, requireKey),
            ServiceUrl = ServiceUrlOf(section["serviceUrl"], b.ServiceUrl),
            AutoConnect = section["autoConnect"].AsBool(b.AutoConnect),
            ReconnectInterval = TimeSpan.FromMilliseconds(section["reconnectInterval"].AsInt((int)b.ReconnectInterval.TotalMilliseconds, min: 1000)),
            MaxReconnectAttempts = section["maxReconnectAttempts"].AsInt(b.MaxReconnectAttempts, min: 0),
            RequestTimeout = TimeSpan.FromSeconds(section["requestTimeoutSec"].AsInt((int)b.RequestTimeout.TotalSeconds, min: 5)),
            Fillers = FillerOptions.Bind(section["fillers"], b.Fillers),
            Idle = IdleOptions.Bind(section["idle"], b.Idle),
        };
    }

    private static string ApiKeyOf(ConfigSection section, string inherited, bool required)
    {
        var key = section.AsString()?.Trim();
        if (key is null)
        {
            if (required && inherited.Length == 0 && !section.Exists)
            {
                section.Error("required: the API key from the CrabCallr dashboard, \"cc_\" followed by 32 hex characters");
            }

            return inherited;
        }

        if (!key.StartsWith("cc_", StringComparison.Ordinal))
        {
            section.Error("must start with \"cc_\" (copy the key from the CrabCallr dashboard)");
            return inherited;
        }

        return key;
    }

    private static Uri ServiceUrlOf(ConfigSection section, Uri inherited)
    {
        var text = section.AsString();
        if (text is null)
        {
            return inherited;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            section.Error($"'{text}' is not a ws:// or wss:// URL");
            return inherited;
        }

        if (uri.Scheme == "ws" && !IsLoopback(uri))
        {
            section.Warn($"plain ws:// to {uri.Host} sends the API key and call text unencrypted; use wss://");
        }

        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
