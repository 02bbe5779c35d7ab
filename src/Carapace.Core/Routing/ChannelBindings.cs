namespace Carapace.Core.Routing;

/// <summary>
/// The bindings of one channel, indexed by exact peer id, so routing a message costs the same with 2,205 peer bindings
/// (OpenClaw #36915) as with none. Every list keeps file order, which decides ties within a binding tier.
/// </summary>
internal sealed class ChannelBindings
{
    private readonly Dictionary<string, RouteBinding[]> _byPeerId;

    public ChannelBindings(IEnumerable<RouteBinding> bindings)
    {
        var all = bindings.ToArray();
        IsEmpty = all.Length == 0;
        _byPeerId = all.Where(IsExactPeer).GroupBy(b => b.Peer!.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Others = [.. all.Where(b => !IsExactPeer(b))];
    }

    /// <summary>No bindings for the channel.</summary>
    public static ChannelBindings Empty { get; } = new([]);

    /// <summary>True when the channel has no bindings.</summary>
    public bool IsEmpty { get; }

    /// <summary>The bindings without an exact peer (wildcard peer, guild, team, account or channel-wide).</summary>
    public IReadOnlyList<RouteBinding> Others { get; }

    /// <summary>The bindings that name exactly this peer id (ids compare case-sensitively, as bindings do).</summary>
    public IReadOnlyList<RouteBinding> ForPeer(string peerId) => _byPeerId.TryGetValue(peerId, out var list) ? list : [];

    private static bool IsExactPeer(RouteBinding binding) => binding.Peer is { Id: not RouteBinding.AnyPeer };
}
