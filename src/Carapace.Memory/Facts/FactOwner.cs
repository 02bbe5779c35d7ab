using Carapace.Core.Memory;

namespace Carapace.Memory.Facts;

/// <summary>
/// The one place a scope becomes a pool of facts: a group conversation reads and writes only <c>group:&lt;groupId&gt;</c>;
/// a direct chat uses the person's identity (<c>person:&lt;identity&gt;</c>), or <c>shared</c> when <c>memory.scope</c> is shared.
/// </summary>
public static class FactOwner
{
    /// <summary>The pool key for <paramref name="scope"/>.</summary>
    public static string KeyFor(MemoryScope scope, FactPool pool)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.GroupId is { Length: > 0 } group)
        {
            return "group:" + group;
        }

        return pool == FactPool.Shared ? "shared" : "person:" + scope.Identity;
    }
}
