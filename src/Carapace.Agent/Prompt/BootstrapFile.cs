namespace Carapace.Agent.Prompt;

/// <summary>One workspace file as injected into a prompt: its name, the text kept, and how many characters were cut.</summary>
public sealed record BootstrapFile(string Name, string Text, long TruncatedChars)
{
    /// <summary>The visible marker appended when characters were cut, e.g. <c>[... truncated: 1234 more characters of USER.md]</c>.</summary>
    public string? Marker => TruncatedChars > 0 ? $"[... truncated: {TruncatedChars} more characters of {Name}]" : null;
}
