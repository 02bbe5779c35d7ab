namespace Carapace.Testing.Models;

/// <summary>
/// One message of a recorded prompt, normalised across wire protocols: role (<c>system</c>, <c>user</c>,
/// <c>assistant</c>, <c>tool</c>), its text, the tool calls an assistant message made and the call a tool result answers.
/// </summary>
public sealed record RecordedMessage(string Role, string Text, IReadOnlyList<ScriptedToolCall> ToolCalls, string? ToolCallId = null);
