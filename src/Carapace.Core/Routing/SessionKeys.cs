using System.Text.RegularExpressions;
using Carapace.Core.Messages;

namespace Carapace.Core.Routing;

/// <summary>
/// Session keys exactly as OpenClaw builds them (research-openclaw.md §1), so an existing openclaw.json sends each
/// conversation to the same session. Small pure functions; only the router calls the builders.
/// </summary>
public static partial class SessionKeys
{
    /// <summary>The agent id used when none is configured or an id normalises to nothing.</summary>
    public const string DefaultAgentId = "main";

    /// <summary>The account id of a channel's default (unnamed) account.</summary>
    public const string DefaultAccountId = "default";

    /// <summary>The main key; OpenClaw ignores <c>session.mainKey</c> and always uses this.</summary>
    public const string MainKey = "main";

    /// <summary>The one key used for every message when <c>session.scope</c> is <c>global</c>.</summary>
    public const string GlobalKey = "global";

    private const string Unknown = "unknown";

    // Object keys that would pollute a JavaScript prototype; OpenClaw maps them to the default account.
    private static readonly HashSet<string> BlockedAccountIds =
        ["__proto__", "prototype", "constructor", "__definegetter__", "__definesetter__", "__lookupgetter__", "__lookupsetter__"];

    /// <summary>Lowercases a safe id, or folds an unsafe one to <c>[a-z0-9_-]</c> (at most 64); blank gives <c>main</c>.</summary>
    public static string NormalizeAgentId(string? value) => NormalizeId(value) ?? DefaultAgentId;

    /// <summary>Like <see cref="NormalizeAgentId"/>, but blank ids and prototype keys such as <c>__proto__</c> give <c>default</c>.</summary>
    public static string NormalizeAccountId(string? value)
    {
        var trimmed = JsText.Trim(value);
        var id = NormalizeId(trimmed);
        return id is null || BlockedAccountIds.Contains(JsText.Lower(trimmed)) || BlockedAccountIds.Contains(id) ? DefaultAccountId : id;
    }

    /// <summary>A channel name trimmed and lowercased; blank gives <c>unknown</c>.</summary>
    public static string NormalizeChannel(string? value) => OrUnknown(JsText.Lower(JsText.Trim(value)));

    /// <summary>A group or channel peer id trimmed and lowercased; blank gives <c>unknown</c>, never the main session.</summary>
    public static string NormalizeGroupPeerId(string? value) => OrUnknown(JsText.Lower(JsText.Trim(value)));

    /// <summary>The agent's main session: <c>agent:&lt;agentId&gt;:main</c>.</summary>
    public static string BuildMainSessionKey(string? agentId) => $"agent:{NormalizeAgentId(agentId)}:{MainKey}";

    /// <summary>
    /// The session of a conversation. Direct chats follow <paramref name="dmScope"/> (identity links apply except under
    /// <c>main</c>; a blank peer falls back to the main key); groups and channels get their own key unless
    /// <paramref name="groupScope"/> is <c>main</c>.
    /// </summary>
    public static string BuildPeerSessionKey(
        string? agentId,
        string? channel,
        string? accountId,
        ChatType peerKind,
        string? peerId,
        string dmScope = DmScopes.Main,
        string groupScope = GroupScopes.PerGroup,
        IReadOnlyList<IdentityLink>? identityLinks = null)
    {
        Require(dmScope, DmScopes.All, nameof(dmScope));
        Require(groupScope, GroupScopes.All, nameof(groupScope));
        var agent = NormalizeAgentId(agentId);
        if (peerKind == ChatType.Direct)
        {
            var peer = JsText.Trim(peerId);
            if (dmScope != DmScopes.Main && ResolveLinkedPeerId(identityLinks, channel, peer) is { } linked)
            {
                peer = linked;
            }

            peer = JsText.Lower(peer);
            if (peer.Length == 0)
            {
                return BuildMainSessionKey(agent);
            }

            return dmScope switch
            {
                DmScopes.PerAccountChannelPeer => $"agent:{agent}:{NormalizeChannel(channel)}:{NormalizeAccountId(accountId)}:direct:{peer}",
                DmScopes.PerChannelPeer => $"agent:{agent}:{NormalizeChannel(channel)}:direct:{peer}",
                DmScopes.PerPeer => $"agent:{agent}:direct:{peer}",
                _ => BuildMainSessionKey(agent),
            };
        }

        return groupScope == GroupScopes.Main
            ? BuildMainSessionKey(agent)
            : $"agent:{agent}:{NormalizeChannel(channel)}:{peerKind.ToKeyword()}:{NormalizeGroupPeerId(peerId)}";
    }

    /// <summary>
    /// The canonical name (trimmed, case kept) of the first identity link listing the peer, matched bare
    /// (<c>123</c>) or channel-prefixed (<c>telegram:123</c>) after trimming and lowercasing; null when none does.
    /// </summary>
    public static string? ResolveLinkedPeerId(IReadOnlyList<IdentityLink>? identityLinks, string? channel, string? peerId)
    {
        var peer = JsText.Trim(peerId);
        if (identityLinks is null || identityLinks.Count == 0 || peer.Length == 0)
        {
            return null;
        }

        var bare = JsText.Lower(peer);
        var chan = JsText.Lower(JsText.Trim(channel));
        var scoped = chan.Length == 0 ? null : JsText.Lower(JsText.Trim($"{chan}:{peer}"));
        foreach (var link in identityLinks)
        {
            var name = JsText.Trim(link.Name);
            if (name.Length == 0)
            {
                continue;
            }

            if (link.MatchKeys.Contains(bare) || (scoped is not null && link.MatchKeys.Contains(scoped)))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Appends <c>:thread:&lt;id&gt;</c> (trimmed, lowercased) for threaded conversations; a blank id keeps the base key.</summary>
    public static string AppendThread(string baseKey, string? threadId)
    {
        ArgumentNullException.ThrowIfNull(baseKey);
        var thread = JsText.Trim(threadId);
        return thread.Length == 0 ? baseKey : $"{baseKey}:thread:{JsText.Lower(thread)}";
    }

    /// <summary>Splits <c>agent:&lt;id&gt;:&lt;rest&gt;</c> (prefix case-insensitive, result lowercased); null when malformed.</summary>
    public static ParsedSessionKey? ParseAgentSessionKey(string? sessionKey)
    {
        var raw = JsText.Lower(JsText.Trim(sessionKey));
        var parts = raw.Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] != "agent")
        {
            return null;
        }

        var agentId = JsText.Trim(parts[1]);
        var rest = string.Join(':', parts, 2, parts.Length - 2);
        return agentId.Length == 0 || rest.Length == 0 ? null : new ParsedSessionKey(agentId, rest);
    }

    /// <summary>Whether a key is missing, agent-scoped, a broken agent key, or a legacy key or alias.</summary>
    public static SessionKeyShape ClassifySessionKeyShape(string? sessionKey)
    {
        var raw = JsText.Trim(sessionKey);
        if (raw.Length == 0)
        {
            return SessionKeyShape.Missing;
        }

        if (ParseAgentSessionKey(raw) is not null)
        {
            return SessionKeyShape.Agent;
        }

        return JsText.Lower(raw).StartsWith("agent:", StringComparison.Ordinal) ? SessionKeyShape.MalformedAgent : SessionKeyShape.LegacyOrAlias;
    }

    /// <summary>
    /// The chat type a key was built for, from its canonical peer shape (<c>direct:&lt;p&gt;</c>, <c>&lt;ch&gt;:&lt;kind&gt;:&lt;p&gt;</c>,
    /// <c>&lt;ch&gt;:&lt;account&gt;:&lt;kind&gt;:&lt;p&gt;</c>); the legacy <c>dm</c> reads as direct. Null when unknown or ambiguous.
    /// </summary>
    public static ChatType? DeriveChatType(string? sessionKey)
    {
        var raw = JsText.Lower(JsText.Trim(sessionKey));
        if (raw.Length == 0)
        {
            return null;
        }

        var parts = (ParseAgentSessionKey(raw)?.Rest ?? raw).Split(':');
        string At(int i) => i < parts.Length ? parts[i] : "";
        if (At(0) == "agent")
        {
            return null;
        }

        var bareDirect = At(0) is "direct" or "dm" && At(1).Length > 0;
        var channelPeer = At(0).Length > 0 && IsPeerKind(At(1)) && At(2).Length > 0;
        var accountPeer = At(0).Length > 0 && At(1).Length > 0 && IsPeerKind(At(2)) && At(3).Length > 0;
        if ((bareDirect ? 1 : 0) + (channelPeer ? 1 : 0) + (accountPeer ? 1 : 0) > 1)
        {
            return null;
        }

        var kindAt = At(0) is "direct" or "dm" ? 0
            : At(0).Length > 0 && IsPeerKind(At(1)) ? 1
            : At(0).Length > 0 && At(1).Length > 0 && IsPeerKind(At(2)) ? 2
            : -1;
        return kindAt < 0 || At(kindAt + 1).Length == 0 ? null : ChatTypes.Parse(At(kindAt));
    }

    private static bool IsPeerKind(string s) => s is "direct" or "dm" or "group" or "channel";

    private static string? NormalizeId(string? value)
    {
        var trimmed = JsText.Trim(value);
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (ValidId().IsMatch(trimmed))
        {
            return JsText.Lower(trimmed);
        }

        var folded = InvalidIdChars().Replace(JsText.Lower(trimmed), "-").Trim('-');
        folded = folded.Length > 64 ? folded[..64] : folded;
        return folded.Length == 0 ? null : folded;
    }

    private static string OrUnknown(string value) => value.Length == 0 ? Unknown : value;

    private static void Require(string value, IReadOnlyList<string> valid, string name)
    {
        if (!valid.Contains(value))
        {
            throw new ArgumentException($"unknown value '{value}'; valid values: {string.Join(", ", valid)}", name);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValidId();

    [GeneratedRegex("[^a-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidIdChars();
}
