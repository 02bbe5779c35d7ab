namespace Carapace.Memory.Search;

/// <summary>
/// Older daily logs count less: a score is multiplied by exp(−ln2 × ageDays / halfLifeDays). Undated files
/// (MEMORY.md, notes) are evergreen and never decay; a date in the future counts as today.
/// </summary>
public static class TemporalDecay
{
    /// <summary>The factor for a log dated <paramref name="day"/> seen on <paramref name="today"/>.</summary>
    public static double Factor(DateOnly? day, DateOnly today, double halfLifeDays)
    {
        if (day is null || halfLifeDays <= 0)
        {
            return 1;
        }

        var age = Math.Max(0, today.DayNumber - day.Value.DayNumber);
        return Math.Exp(-Math.Log(2) / halfLifeDays * age);
    }
}
