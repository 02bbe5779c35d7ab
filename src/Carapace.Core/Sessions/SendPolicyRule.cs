using Carapace.Core.Config;
using Carapace.Core.Messages;

namespace Carapace.Core.Sessions;

/// <summary>One <c>session.sendPolicy.rules[]</c> entry: an action and the conversations it applies to (every given field must match).</summary>
/// <param name="Action">Allow or deny.</param>
/// <param name="Channel">Matches the conversation's channel, case-insensitively.</param>
/// <param name="ChatType">Matches direct, group or channel.</param>
/// <param name="KeyPrefix">Matches the start of the session key, with or without its <c>agent:&lt;id&gt;:</c> prefix.</param>
/// <param name="RawKeyPrefix">Matches the start of the full session key only.</param>
public sealed record SendPolicyRule(SendAction Action, string? Channel = null, ChatType? ChatType = null, string? KeyPrefix = null, string? RawKeyPrefix = null)
{
    /// <summary>True when every field the rule sets matches the conversation.</summary>
    public bool Matches(string sessionKey, string? channel, ChatType? chatType)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        if (Channel is not null && !string.Equals(Channel, channel, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (ChatType is not null && ChatType != chatType)
        {
            return false;
        }

        if (RawKeyPrefix is not null && !sessionKey.StartsWith(RawKeyPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return KeyPrefix is null
            || sessionKey.StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase)
            || SessionKeyFacts.WithoutAgent(sessionKey).StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads <c>{ action, match: { channel, chatType, keyPrefix, rawKeyPrefix } }</c>; null (with an error) when the action is missing or unknown.</summary>
    public static SendPolicyRule? Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!ConfigShape.IsObjectOrAbsent(section, "{ action: 'deny', match: { channel: 'discord' } }")
            || !ConfigShape.IsObjectOrAbsent(section["match"], "{ channel: 'discord', chatType: 'group' }"))
        {
            return null;
        }

        var actionSection = section["action"];
        if (!actionSection.Exists)
        {
            actionSection.Error("every rule needs an action: \"allow\" or \"deny\"");
            return null;
        }

        var action = actionSection.AsChoice("", "allow", "deny");
        var match = section["match"];
        var chatTypeSection = match["chatType"];
        ChatType? chatType = null;
        if (chatTypeSection.Exists)
        {
            chatType = ChatTypes.Parse(chatTypeSection.AsChoice("", "direct", "dm", "group", "channel"));
            if (chatType is null)
            {
                return null;
            }
        }

        return action switch
        {
            "allow" => new SendPolicyRule(SendAction.Allow, NonBlank(match["channel"]), chatType, NonBlank(match["keyPrefix"]), NonBlank(match["rawKeyPrefix"])),
            "deny" => new SendPolicyRule(SendAction.Deny, NonBlank(match["channel"]), chatType, NonBlank(match["keyPrefix"]), NonBlank(match["rawKeyPrefix"])),
            _ => null,
        };
    }

    private static string? NonBlank(ConfigSection section)
    {
        var text = section.AsString()?.Trim();
        if (text is { Length: 0 })
        {
            section.Error("must not be blank; remove the key to match everything");
            return null;
        }

        return text;
    }
}
