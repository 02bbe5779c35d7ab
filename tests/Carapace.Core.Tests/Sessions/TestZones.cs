namespace Carapace.Core.Tests.Sessions;

/// <summary>Time zones built in code, so DST tests do not depend on the machine's tz database.</summary>
internal static class TestZones
{
    /// <summary>UTC-5 with US daylight saving (second Sunday of March 02:00 to first Sunday of November 02:00).</summary>
    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.CreateCustomTimeZone(
        "Test/NewYork",
        TimeSpan.FromHours(-5),
        "Test New York",
        "EST",
        "EDT",
        [
            TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                new DateTime(2000, 1, 1),
                new DateTime(2099, 12, 31),
                TimeSpan.FromHours(1),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday),
                TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday)),
        ]);

    /// <summary>UTC+05:30 without daylight saving.</summary>
    public static TimeZoneInfo Kolkata { get; } = TimeZoneInfo.CreateCustomTimeZone("Test/Kolkata", new TimeSpan(5, 30, 0), "Test Kolkata", "IST");

    public static TimeZoneInfo ByName(string name) => name switch
    {
        "ny" => NewYork,
        "kolkata" => Kolkata,
        _ => TimeZoneInfo.Utc,
    };
}
