namespace Carapace.Core.Sessions;

/// <summary>Picks the reset rule for one conversation from <see cref="SessionPolicyOptions"/>, with OpenClaw's precedence.</summary>
public static class ResetPolicyResolver
{
    /// <summary>
    /// <c>resetByChannel[channel]</c> wins outright; otherwise the <c>resetByType</c> entry is laid field by field over
    /// <c>session.reset</c>. A written rule without a mode means daily; a type rule without a mode inherits the base mode
    /// unless that is none. With nothing configured the result is <see cref="ResetPolicy.Default"/> (no automatic reset).
    /// </summary>
    public static ResetPolicy Resolve(SessionPolicyOptions options, string channel, ResetType type)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(channel);
        if (options.ResetByChannel.TryGetValue(channel.Trim().ToLowerInvariant(), out var byChannel))
        {
            return Complete(byChannel, byChannel.Mode ?? ResetMode.Daily);
        }

        var baseRule = options.Reset;
        var baseMode = baseRule is null ? ResetMode.None : baseRule.Mode ?? ResetMode.Daily;
        if (!options.ResetByType.TryGetValue(type, out var byType))
        {
            return baseRule is null ? ResetPolicy.Default : Complete(baseRule, baseMode);
        }

        var merged = new ResetPolicyOverride(
            byType.Mode,
            byType.AtHour ?? baseRule?.AtHour,
            byType.IdleMinutes ?? baseRule?.IdleMinutes);
        return Complete(merged, byType.Mode ?? (baseMode == ResetMode.None ? ResetMode.Daily : baseMode));
    }

    /// <summary>Thread when the message has a thread id or the key a thread suffix; group for group and channel keys; else direct.</summary>
    public static ResetType ResolveType(string sessionKey, string? threadId)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        if (!string.IsNullOrWhiteSpace(threadId) || SessionKeyFacts.IsThread(sessionKey))
        {
            return ResetType.Thread;
        }

        return SessionKeyFacts.IsGroup(sessionKey) ? ResetType.Group : ResetType.Direct;
    }

    private static ResetPolicy Complete(ResetPolicyOverride rule, ResetMode mode) =>
        new(mode, rule.AtHour ?? ResetPolicy.DefaultAtHour, rule.IdleMinutes ?? 0);
}
