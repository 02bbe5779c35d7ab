using Carapace.Core.Config;

namespace Carapace.Channels.CrabCallr.Config;

/// <summary>What happens when the caller goes quiet: prompt, then say goodbye and hang up (<c>idle.*</c>).</summary>
public sealed record IdleOptions
{
    /// <summary><c>idle.enabled</c>, default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>idle.timeoutSec</c>: silence before a prompt, default 60.</summary>
    public int TimeoutSec { get; init; } = 60;

    /// <summary><c>idle.prompt</c>, default "Are you still there?".</summary>
    public string Prompt { get; init; } = "Are you still there?";

    /// <summary><c>idle.maxPrompts</c>: prompts before giving up, default 2.</summary>
    public int MaxPrompts { get; init; } = 2;

    /// <summary><c>idle.endMessage</c>, spoken with <c>endCall: true</c>; default "It seems like you've stepped away. Goodbye!".</summary>
    public string EndMessage { get; init; } = "It seems like you've stepped away. Goodbye!";

    /// <summary>Binds <c>idle</c>; keys that are absent keep the inherited (or default) value.</summary>
    public static IdleOptions Bind(ConfigSection section, IdleOptions? inherited = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        var b = inherited ?? new IdleOptions();
        return new IdleOptions
        {
            Enabled = section["enabled"].AsBool(b.Enabled),
            TimeoutSec = section["timeoutSec"].AsInt(b.TimeoutSec, min: 1),
            Prompt = NonEmpty(section["prompt"], b.Prompt),
            MaxPrompts = section["maxPrompts"].AsInt(b.MaxPrompts, min: 0),
            EndMessage = NonEmpty(section["endMessage"], b.EndMessage),
        };
    }

    private static string NonEmpty(ConfigSection section, string fallback)
    {
        var text = section.AsString(fallback) ?? fallback;
        if (string.IsNullOrWhiteSpace(text))
        {
            section.Error("must not be empty: it is spoken to the caller");
            return fallback;
        }

        return text;
    }
}
