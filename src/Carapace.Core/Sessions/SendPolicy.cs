using Carapace.Core.Config;
using Carapace.Core.Messages;

namespace Carapace.Core.Sessions;

/// <summary><c>session.sendPolicy</c>: which conversations the agent may reply into. The first matching deny wins; default: allow.</summary>
/// <param name="Default">The answer when no rule allows; null means allow.</param>
/// <param name="Rules">Evaluated in order.</param>
public sealed record SendPolicy(SendAction? Default = null, IReadOnlyList<SendPolicyRule>? Rules = null)
{
    /// <summary>
    /// Decides for one conversation. Channel and chat type default to what the key says. The first deny that matches wins;
    /// otherwise allow if any allow matched, else <see cref="Default"/>, else allow.
    /// </summary>
    public SendAction Evaluate(string sessionKey, string? channel = null, ChatType? chatType = null)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        channel ??= SessionKeyFacts.Channel(sessionKey);
        chatType ??= SessionKeyFacts.ChatType(sessionKey);
        var allowed = false;
        foreach (var rule in Rules ?? [])
        {
            if (!rule.Matches(sessionKey, channel, chatType))
            {
                continue;
            }

            if (rule.Action == SendAction.Deny)
            {
                return SendAction.Deny;
            }

            allowed = true;
        }

        return allowed ? SendAction.Allow : Default ?? SendAction.Allow;
    }

    /// <summary>Reads <c>{ default, rules: [...] }</c>; invalid rules are errors naming their index and are left out.</summary>
    public static SendPolicy Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!ConfigShape.IsObjectOrAbsent(section, "{ default: 'allow', rules: [{ action: 'deny', match: { chatType: 'group' } }] }"))
        {
            return new SendPolicy();
        }

        var defaultSection = section["default"];
        SendAction? fallback = defaultSection.Exists
            ? defaultSection.AsChoice("allow", "allow", "deny") == "deny" ? SendAction.Deny : SendAction.Allow
            : null;
        var rules = new List<SendPolicyRule>();
        foreach (var item in section["rules"].Items())
        {
            if (SendPolicyRule.Bind(item) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return new SendPolicy(fallback, rules);
    }
}
