using Carapace.Core.Memory;
using Carapace.Core.Messages;

namespace Carapace.Core.Routing;

/// <summary>
/// The router's answer for one message: which agent answers, in which session, for which person, and where the
/// reply goes. Everything downstream (sessions, memory, delivery) takes its decisions from this record alone.
/// </summary>
public sealed record Route
{
    /// <summary>The normalised id of the agent that answers.</summary>
    public required string AgentId { get; init; }

    /// <summary>The normalised channel name.</summary>
    public required string Channel { get; init; }

    /// <summary>The normalised account id (<c>default</c> when the channel gave none).</summary>
    public required string AccountId { get; init; }

    /// <summary>The session this message belongs to, byte-identical to OpenClaw's key.</summary>
    public required string SessionKey { get; init; }

    /// <summary>The agent's main session key, <c>agent:&lt;agentId&gt;:main</c>.</summary>
    public required string MainSessionKey { get; init; }

    /// <summary>Direct, group or channel.</summary>
    public required ChatType ChatType { get; init; }

    /// <summary>The person who wrote the message: the identity-link name, else <c>&lt;channel&gt;:&lt;senderId&gt;</c>.</summary>
    public required string Identity { get; init; }

    /// <summary>True when <see cref="Identity"/> is listed in the config's <c>owners</c>.</summary>
    public required bool IsOwner { get; init; }

    /// <summary>The dmScope that built the key (after per-binding overrides).</summary>
    public required string DmScope { get; init; }

    /// <summary>Which binding tier chose the agent (<c>binding.peer</c> … <c>default</c>).</summary>
    public required string MatchedBy { get; init; }

    /// <summary>Where the reply to this message goes.</summary>
    public required DeliveryTarget Delivery { get; init; }

    /// <summary>What memory this turn may read and write.</summary>
    public required MemoryScope Memory { get; init; }
}
