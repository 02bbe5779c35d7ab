namespace Carapace.Cli.Doctor;

/// <summary>One line of <c>carapace doctor</c>: what was checked, how it went, and how to fix it when it did not.</summary>
internal sealed record DoctorResult(string Name, DoctorStatus Status, string Detail, string? Fix = null)
{
    public override string ToString()
    {
        var mark = Status switch { DoctorStatus.Pass => "✓", DoctorStatus.Warn => "!", _ => "✗" };
        return Fix is null ? $"{mark} {Name}: {Detail}" : $"{mark} {Name}: {Detail}{Environment.NewLine}    fix: {Fix}";
    }
}

/// <summary>Pass, advisory, or a failure that makes <c>doctor</c> exit non-zero.</summary>
internal enum DoctorStatus
{
    Pass,
    Warn,
    Fail,
}
