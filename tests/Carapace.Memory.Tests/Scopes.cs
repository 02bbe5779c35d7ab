using Carapace.Core.Memory;
using Carapace.Core.Messages;

namespace Carapace.Memory.Tests;

/// <summary>The scopes tests ask with.</summary>
internal static class Scopes
{
    public static readonly MemoryScope OwnerDirect = MemoryScope.For("main", "alice", isOwner: true, ChatType.Direct, "agent:main:main", null);
    public static readonly MemoryScope OwnerInGroup = MemoryScope.For("main", "alice", isOwner: true, ChatType.Group, "agent:main:telegram:group:42", "telegram:group:42");
    public static readonly MemoryScope Stranger = MemoryScope.For("main", "telegram:999", isOwner: false, ChatType.Direct, "agent:main:telegram:direct:999", null);
}
