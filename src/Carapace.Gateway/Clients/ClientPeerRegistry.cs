using Carapace.Core.Messages;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Clients;

/// <summary>
/// Which open sockets speak for which peer of a client channel. A reply is delivered to the sockets of its own
/// target's peer and to no one else: there is no "last client" to fall back to.
/// </summary>
internal sealed class ClientPeerRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PeerAddress, List<ClientConnection>> _byPeer = [];

    /// <summary>Records that <paramref name="connection"/> speaks for the peer; idempotent.</summary>
    public void Register(ClientConnection connection, string channel, Peer peer)
    {
        var address = new PeerAddress(channel, peer);
        lock (_gate)
        {
            if (!_byPeer.TryGetValue(address, out var list))
            {
                _byPeer[address] = list = [];
            }

            if (!list.Contains(connection))
            {
                list.Add(connection);
                connection.Addresses.Add(address);
            }
        }
    }

    /// <summary>Forgets every peer of a closed connection.</summary>
    public void Unregister(ClientConnection connection)
    {
        lock (_gate)
        {
            foreach (var address in connection.Addresses)
            {
                if (_byPeer.TryGetValue(address, out var list) && list.Remove(connection) && list.Count == 0)
                {
                    _byPeer.Remove(address);
                }
            }

            connection.Addresses.Clear();
        }
    }

    /// <summary>Queues a reply chunk on every socket of the target's peer; returns how many sockets got it.</summary>
    public int Deliver(string channel, DeliveryTarget target, OutboundChunk chunk)
    {
        ClientConnection[] sockets;
        lock (_gate)
        {
            sockets = _byPeer.TryGetValue(new PeerAddress(channel, target.Peer), out var list) ? [.. list] : [];
        }

        var id = target.ReplyToMessageId;
        var frame = chunk.IsFinal ? ServerFrame.Final(id, chunk.Text) : ServerFrame.Delta(id, chunk.Text);
        var delivered = 0;
        foreach (var socket in sockets)
        {
            delivered += socket.Deliver(frame) ? 1 : 0;
        }

        return delivered;
    }

    /// <summary>How many peers of a channel have a socket open.</summary>
    public int PeerCount(string channel)
    {
        lock (_gate)
        {
            return _byPeer.Keys.Count(a => a.Channel == channel);
        }
    }

    /// <summary>A peer of a client channel; peer ids compare exactly, channel names are already lowercase.</summary>
    internal readonly record struct PeerAddress(string Channel, Peer Peer);
}
