namespace Carapace.Core.Config;

/// <summary>A syntax error in a JSON5 document, with the 1-based line and column where reading stopped.</summary>
public sealed class Json5Exception(string reason, int line, int column)
    : FormatException($"line {line}, column {column}: {reason}")
{
    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; } = line;

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; } = column;

    /// <summary>What was wrong, without the position.</summary>
    public string Reason { get; } = reason;
}
