using Carapace.Memory.Facts;

namespace Carapace.Memory.Tests.Facts;

public sealed class RelativeDatesTests
{
    private static readonly DateOnly Wednesday = new(2026, 11, 25);

    [Theory]
    [InlineData("Recital is next Friday at six", "Recital is next Friday at six (2026-12-04)")]
    [InlineData("Recital is this Friday", "Recital is this Friday (2026-11-27)")]
    [InlineData("Dentist on Monday", "Dentist on Monday (2026-11-30)")]
    [InlineData("Met Dana last Friday", "Met Dana last Friday (2026-11-20)")]
    [InlineData("Started yoga last Monday", "Started yoga last Monday (2026-11-23)")]
    [InlineData("Party is this Wednesday", "Party is this Wednesday (2026-11-25)")]
    [InlineData("Call mom tomorrow", "Call mom tomorrow (2026-11-26)")]
    [InlineData("Flew home yesterday", "Flew home yesterday (2026-11-24)")]
    [InlineData("Dinner tonight with Sam", "Dinner tonight with Sam (2026-11-25)")]
    [InlineData("Exam the day after tomorrow", "Exam the day after tomorrow (2026-11-27)")]
    [InlineData("Moved flats last week", "Moved flats last week (week of 2026-11-16)")]
    [InlineData("On holiday next week", "On holiday next week (week of 2026-11-30)")]
    [InlineData("Starts a new job next month", "Starts a new job next month (2026-12)")]
    [InlineData("Graduated last year", "Graduated last year (2025)")]
    [InlineData("Surgery in 3 days", "Surgery in 3 days (2026-11-28)")]
    [InlineData("Adopted a cat 2 weeks ago", "Adopted a cat 2 weeks ago (2026-11-11)")]
    [InlineData("NEXT FRIDAY recital", "NEXT FRIDAY recital (2026-12-04)")]
    [InlineData("Tomorrow and next Friday", "Tomorrow and next Friday (2026-11-26, 2026-12-04)")]
    [InlineData("Recital next Friday (2026-12-04)", "Recital next Friday (2026-12-04)")]
    [InlineData("Likes cheese pizza", "Likes cheese pizza")]
    [InlineData("", "")]
    [InlineData("Nextfriday is a band; tomorrowland a festival", "Nextfriday is a band; tomorrowland a festival")]
    [InlineData("in 999999 days", "in 999999 days")]
    [InlineData("Fridays are for swimming", "Fridays are for swimming")]
    public void Annotate_SaidOnWednesday_AppendsTheAbsoluteDate(string text, string expected) =>
        Assert.Equal(expected, RelativeDates.Annotate(text, Wednesday));

    [Theory]
    [InlineData("2026-11-29", "next Monday", "2026-11-30")] // Sunday ends the week, so next week starts tomorrow
    [InlineData("2026-11-30", "next Monday", "2026-12-07")] // Monday
    [InlineData("2026-12-31", "tomorrow", "2027-01-01")]
    [InlineData("2028-02-28", "tomorrow", "2028-02-29")]
    [InlineData("2026-01-31", "next month", "2026-02")]
    public void Annotate_CalendarEdges_ResolveAgainstTheMessageDate(string said, string text, string date) =>
        Assert.Equal($"{text} ({date})", RelativeDates.Annotate(text, DateOnly.Parse(said, System.Globalization.CultureInfo.InvariantCulture)));
}
