namespace Carapace.Core.Messages;

/// <summary>Text forms of <see cref="ChatType"/> as they appear in config files and session keys.</summary>
public static class ChatTypes
{
    /// <summary>The text form used in session keys and config: direct, group or channel.</summary>
    public static string ToKeyword(this ChatType type) => type switch
    {
        ChatType.Direct => "direct",
        ChatType.Group => "group",
        _ => "channel",
    };

    /// <summary>Parses a chat type, accepting the legacy <c>dm</c> alias for direct; null when unknown.</summary>
    public static ChatType? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "direct" or "dm" => ChatType.Direct,
        "group" => ChatType.Group,
        "channel" => ChatType.Channel,
        _ => null,
    };

    /// <summary>The values <see cref="Parse"/> accepts, for error messages.</summary>
    public static IReadOnlyList<string> Keywords { get; } = ["direct", "group", "channel"];
}
