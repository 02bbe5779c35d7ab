using Carapace.Core.Messages;

namespace Carapace.Core.Sessions;

/// <summary>What a session key tells about its conversation (channel, chat type, thread) when nothing else does.</summary>
internal static class SessionKeyFacts
{
    /// <summary>The key without its <c>agent:&lt;id&gt;:</c> prefix, or the key itself when it has none.</summary>
    public static string WithoutAgent(string key)
    {
        if (!key.StartsWith("agent:", StringComparison.OrdinalIgnoreCase))
        {
            return key;
        }

        var end = key.IndexOf(':', "agent:".Length);
        return end < 0 ? key : key[(end + 1)..];
    }

    /// <summary>The chat type named in the key: group before channel before direct (or the legacy dm); null when none.</summary>
    public static ChatType? ChatType(string key)
    {
        var tokens = WithoutAgent(key).Split(':');
        if (tokens.Contains("group", StringComparer.OrdinalIgnoreCase) || key.Contains("@g.us", StringComparison.OrdinalIgnoreCase))
        {
            return Messages.ChatType.Group;
        }

        if (tokens.Contains("channel", StringComparer.OrdinalIgnoreCase))
        {
            return Messages.ChatType.Channel;
        }

        return tokens.Any(t => t.Equals("direct", StringComparison.OrdinalIgnoreCase) || t.Equals("dm", StringComparison.OrdinalIgnoreCase))
            ? Messages.ChatType.Direct
            : null;
    }

    /// <summary>The channel segment, when the key has one before its chat-type segment (<c>telegram:direct:1</c>, <c>discord:group:2</c>).</summary>
    public static string? Channel(string key)
    {
        var tokens = WithoutAgent(key).Split(':');
        var kind = Array.FindIndex(tokens, t => ChatTypes.Parse(t) is not null);
        return kind >= 1 && tokens[0].Length > 0 ? tokens[0].ToLowerInvariant() : null;
    }

    /// <summary>True for thread keys: a <c>:thread:</c> segment, or a Telegram <c>:topic:</c> suffix.</summary>
    public static bool IsThread(string key) =>
        key.Contains(":thread:", StringComparison.OrdinalIgnoreCase)
        || (string.Equals(Channel(key), "telegram", StringComparison.Ordinal) && key.Contains(":topic:", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the key names a group or channel conversation.</summary>
    public static bool IsGroup(string key) =>
        key.Contains(":group:", StringComparison.OrdinalIgnoreCase) || key.Contains(":channel:", StringComparison.OrdinalIgnoreCase);
}
