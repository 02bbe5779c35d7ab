namespace Carapace.Core.Sessions;

/// <summary>Decides, lazily on the next inbound message, whether a session has gone stale under its reset rule.</summary>
public static class SessionFreshness
{
    /// <summary>
    /// Daily: stale when the session started before the most recent local <c>atHour</c> at or before <paramref name="now"/>.
    /// Idle (also checked in daily mode): stale when <paramref name="now"/> is past the last interaction plus the idle minutes;
    /// 0 minutes turns it off and a last interaction in the future is ignored. When both apply, the earlier boundary names the reason.
    /// </summary>
    /// <returns><see cref="RotationReason.Daily"/>, <see cref="RotationReason.Idle"/>, or null when the session is fresh.</returns>
    public static RotationReason? Evaluate(ResetPolicy policy, DateTimeOffset startedAt, DateTimeOffset lastInteractionAt, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(zone);
        if (policy.Mode == ResetMode.None)
        {
            return null;
        }

        DateTimeOffset? dailyAt = null;
        if (policy.Mode == ResetMode.Daily)
        {
            var boundary = DailyBoundary(now, policy.AtHour, zone);
            if (startedAt < boundary)
            {
                dailyAt = boundary;
            }
        }

        DateTimeOffset? idleAt = null;
        if (policy.IdleMinutes > 0 && lastInteractionAt <= now)
        {
            var expiry = lastInteractionAt.AddMinutes(policy.IdleMinutes);
            if (now > expiry)
            {
                idleAt = expiry;
            }
        }

        return (dailyAt, idleAt) switch
        {
            (null, null) => null,
            (not null, null) => RotationReason.Daily,
            (null, not null) => RotationReason.Idle,
            var (d, i) => d <= i ? RotationReason.Daily : RotationReason.Idle,
        };
    }

    /// <summary>
    /// The most recent instant at or before <paramref name="now"/> when the local clock in <paramref name="zone"/> read
    /// <paramref name="atHour"/>:00. On a spring-forward day an hour that does not exist maps to the moment the clocks jump;
    /// on a fall-back day a repeated hour counts from its first occurrence.
    /// </summary>
    public static DateTimeOffset DailyBoundary(DateTimeOffset now, int atHour, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(atHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(atHour, 23);
        var today = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
        var boundary = ToInstant(today.AddHours(atHour), zone);
        return boundary <= now ? boundary : ToInstant(today.AddDays(-1).AddHours(atHour), zone);
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Inside a spring-forward gap: read the wall time with the offset in force before the jump.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local - before, TimeSpan.Zero);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }
}
