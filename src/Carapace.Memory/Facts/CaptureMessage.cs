namespace Carapace.Memory.Facts;

/// <summary>One message given to capture: <c>user</c> or <c>assistant</c>, and its text.</summary>
public sealed record CaptureMessage(string Role, string Text);
