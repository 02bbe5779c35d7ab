using System.Text.Json.Nodes;
using Carapace.Core.Config;

namespace Carapace.Channels.CrabCallr.Config;

/// <summary>Short phrases spoken while the agent is still thinking, so the caller does not hear dead air (<c>fillers.*</c>).</summary>
public sealed record FillerOptions
{
    private static readonly IReadOnlyList<string> DefaultPhrases = ["Working on that...", "Still thinking...", "Bear with me..."];

    /// <summary><c>fillers.enabled</c>, default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>fillers.phrases</c>, used round-robin across a call; default three short phrases.</summary>
    public IReadOnlyList<string> Phrases { get; init; } = DefaultPhrases;

    /// <summary><c>fillers.initialDelaySec</c>: silence before the first filler, default 3.</summary>
    public int InitialDelaySec { get; init; } = 3;

    /// <summary><c>fillers.intervalSec</c>: gap between fillers, default 6.</summary>
    public int IntervalSec { get; init; } = 6;

    /// <summary><c>fillers.maxPerRequest</c>: at most this many per user message, default 3 (0 disables).</summary>
    public int MaxPerRequest { get; init; } = 3;

    /// <summary>Binds <c>fillers</c>; keys that are absent keep the inherited (or default) value.</summary>
    public static FillerOptions Bind(ConfigSection section, FillerOptions? inherited = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var b = inherited ?? new FillerOptions();
        var phrases = section["phrases"];
        var list = phrases.Exists ? phrases.AsStringList().Where(p => !string.IsNullOrWhiteSpace(p)).ToArray() : b.Phrases;
        if (phrases.Node is JsonArray && list.Count == 0)
        {
            phrases.Error("needs at least one non-empty phrase");
            list = b.Phrases;
        }

        return new FillerOptions
        {
            Enabled = section["enabled"].AsBool(b.Enabled),
            Phrases = list,
            InitialDelaySec = section["initialDelaySec"].AsInt(b.InitialDelaySec, min: 1),
            IntervalSec = section["intervalSec"].AsInt(b.IntervalSec, min: 1),
            MaxPerRequest = section["maxPerRequest"].AsInt(b.MaxPerRequest, min: 0),
        };
    }
}
