using Carapace.Core.Messages;

namespace Carapace.Gateway.Clients.Wire;

/// <summary>
/// <c>{type:"send", id, channel, peer:{kind,id}, sender?, text, thread?}</c>: a client speaking as a peer of a client
/// channel. The id is the message id: resending the same id for the same peer is the same message (idempotent).
/// </summary>
public sealed record SendFrame(string Id, string Channel, Peer Peer, string SenderId, string Text, string? ThreadId) : ClientFrame(Id);
