namespace Carapace.Agent.Prompt;

/// <summary>One <c>agents.list[]</c> entry as the agent side needs it: which model answers and which workspace it reads.</summary>
public sealed record AgentProfile(string Id, string? Model, string? Workspace);
