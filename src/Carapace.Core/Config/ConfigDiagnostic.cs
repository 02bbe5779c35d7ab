namespace Carapace.Core.Config;

/// <summary>One problem found in a config file, naming the key path and the line so the user can fix it.</summary>
public sealed record ConfigDiagnostic(ConfigSeverity Severity, string Source, string Path, int Line, string Message)
{
    /// <summary>Formatted as <c>file:line: error: key.path: message</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{Source}:{Line}" : Source;
        var level = Severity == ConfigSeverity.Error ? "error" : "warning";
        return Path.Length == 0 ? $"{where}: {level}: {Message}" : $"{where}: {level}: {Path}: {Message}";
    }
}

/// <summary>Errors stop the gateway from starting; warnings (unknown keys, risky settings) are printed and ignored.</summary>
public enum ConfigSeverity
{
    /// <summary>Something the gateway will not guess about.</summary>
    Error,

    /// <summary>Something that is ignored or risky but does not stop the gateway.</summary>
    Warning,
}
