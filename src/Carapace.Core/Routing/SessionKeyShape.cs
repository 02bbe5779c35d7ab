namespace Carapace.Core.Routing;

/// <summary>What a stored or requested session key looks like, so callers can migrate legacy keys and reject broken ones.</summary>
public enum SessionKeyShape
{
    /// <summary>Null, empty or whitespace.</summary>
    Missing,

    /// <summary>A well-formed <c>agent:&lt;agentId&gt;:&lt;rest&gt;</c> key.</summary>
    Agent,

    /// <summary>Starts with <c>agent:</c> but does not parse (no agent id or no rest).</summary>
    MalformedAgent,

    /// <summary>Anything else: a legacy key or an alias such as <c>main</c> or <c>global</c>.</summary>
    LegacyOrAlias,
}
