using Carapace.Core.Sessions;

namespace Carapace.Core.Tests.Sessions;

public sealed class SessionFreshnessTests
{
    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<string, string, int, string> Boundaries => new()
    {
        // zone, now (UTC), atHour, expected boundary (UTC)
        { "utc", "2026-01-10T04:00:00Z", 4, "2026-01-10T04:00:00Z" },
        { "utc", "2026-01-10T03:59:59.999Z", 4, "2026-01-09T04:00:00Z" },
        { "utc", "2026-01-10T00:00:00Z", 0, "2026-01-10T00:00:00Z" },
        { "utc", "2026-01-10T22:59:59Z", 23, "2026-01-09T23:00:00Z" },
        { "utc", "2026-01-01T01:00:00Z", 4, "2025-12-31T04:00:00Z" },
        { "kolkata", "2026-01-10T00:00:00Z", 4, "2026-01-09T22:30:00Z" },
        { "kolkata", "2026-01-09T22:29:59Z", 4, "2026-01-08T22:30:00Z" },
        { "ny", "2026-01-10T09:00:00Z", 4, "2026-01-10T09:00:00Z" },
        { "ny", "2026-07-10T08:00:00Z", 4, "2026-07-10T08:00:00Z" },
        // spring forward (2026-03-08): 02:00 does not exist; the boundary is the jump itself (07:00Z)
        { "ny", "2026-03-08T12:00:00Z", 2, "2026-03-08T07:00:00Z" },
        { "ny", "2026-03-08T07:00:00Z", 2, "2026-03-08T07:00:00Z" },
        { "ny", "2026-03-08T06:59:59Z", 2, "2026-03-07T07:00:00Z" },
        { "ny", "2026-03-08T08:00:00Z", 4, "2026-03-08T08:00:00Z" },
        { "ny", "2026-03-08T07:59:59Z", 4, "2026-03-07T09:00:00Z" },
        // fall back (2026-11-01): 01:00 happens twice; the first occurrence (EDT, 05:00Z) counts
        { "ny", "2026-11-01T06:30:00Z", 1, "2026-11-01T05:00:00Z" },
        { "ny", "2026-11-01T04:59:59Z", 1, "2026-10-31T05:00:00Z" },
        { "ny", "2026-11-01T09:00:00Z", 4, "2026-11-01T09:00:00Z" },
        { "ny", "2026-11-01T08:59:59Z", 4, "2026-10-31T08:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void DailyBoundary_LocalHour_IsMostRecentAtOrBeforeNow(string zone, string now, int atHour, string expected)
    {
        var boundary = SessionFreshness.DailyBoundary(T(now), atHour, TestZones.ByName(zone));
        Assert.Equal(T(expected), boundary);
        Assert.True(boundary <= T(now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public void DailyBoundary_HourOutOfRange_Throws(int atHour) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => SessionFreshness.DailyBoundary(T("2026-01-10T00:00:00Z"), atHour, TimeZoneInfo.Utc));

    public static TheoryData<string, ResetMode, int, int, string, string, string, RotationReason?> Cases => new()
    {
        // zone, mode, atHour, idleMinutes, startedAt, lastInteractionAt, now, expected
        { "utc", ResetMode.None, 4, 5, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2026-01-10T12:00:00Z", null },
        { "utc", ResetMode.Daily, 4, 0, "2026-01-10T03:59:59Z", "2026-01-10T03:59:59Z", "2026-01-10T04:00:00Z", RotationReason.Daily },
        { "utc", ResetMode.Daily, 4, 0, "2026-01-10T04:00:00Z", "2026-01-10T04:00:00Z", "2026-01-10T23:00:00Z", null },
        { "utc", ResetMode.Daily, 4, 0, "2026-01-10T03:00:00Z", "2026-01-10T03:00:00Z", "2026-01-10T03:59:59Z", null },
        { "ny", ResetMode.Daily, 2, 0, "2026-03-08T06:30:00Z", "2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", RotationReason.Daily },
        { "ny", ResetMode.Daily, 1, 0, "2026-11-01T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", null },
        { "utc", ResetMode.Idle, 4, 0, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "2026-01-10T12:00:00Z", null },
        { "utc", ResetMode.Idle, 4, 30, "2026-01-10T00:00:00Z", "2026-01-10T11:30:00Z", "2026-01-10T12:00:00Z", null },
        { "utc", ResetMode.Idle, 4, 30, "2026-01-10T00:00:00Z", "2026-01-10T11:30:00Z", "2026-01-10T12:00:00.001Z", RotationReason.Idle },
        { "utc", ResetMode.Idle, 4, 30, "2020-01-01T00:00:00Z", "2026-01-10T12:00:00Z", "2026-01-10T12:10:00Z", null },
        { "utc", ResetMode.Idle, 4, 30, "2026-01-10T00:00:00Z", "2030-01-01T00:00:00Z", "2026-01-10T12:00:00Z", null },
        { "utc", ResetMode.Daily, 4, 60, "2026-01-10T05:00:00Z", "2026-01-10T05:00:00Z", "2026-01-10T06:01:00Z", RotationReason.Idle },
        { "utc", ResetMode.Daily, 4, 60, "2026-01-10T02:00:00Z", "2026-01-10T02:30:00Z", "2026-01-10T04:30:00Z", RotationReason.Idle },
        { "utc", ResetMode.Daily, 4, 60, "2026-01-10T03:00:00Z", "2026-01-10T03:30:00Z", "2026-01-10T05:00:00Z", RotationReason.Daily },
        { "utc", ResetMode.Daily, 4, 0, "2030-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "2026-01-10T05:00:00Z", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Policy_ReportsStaleReasonOrFresh(string zone, ResetMode mode, int atHour, int idle, string startedAt, string last, string now, RotationReason? expected) =>
        Assert.Equal(expected, SessionFreshness.Evaluate(new ResetPolicy(mode, atHour, idle), T(startedAt), T(last), T(now), TestZones.ByName(zone)));
}
