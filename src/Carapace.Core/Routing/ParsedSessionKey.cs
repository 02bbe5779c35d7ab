namespace Carapace.Core.Routing;

/// <summary>An agent-scoped session key split into its agent id and the rest, so tools can tell whose session a key names.</summary>
public sealed record ParsedSessionKey(string AgentId, string Rest);
