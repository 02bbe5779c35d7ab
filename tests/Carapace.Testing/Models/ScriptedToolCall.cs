namespace Carapace.Testing.Models;

/// <summary>A tool call a fake model server answers with, so tests can drive the real function-calling loop.</summary>
public sealed record ScriptedToolCall(string Id, string Name, string ArgumentsJson);
