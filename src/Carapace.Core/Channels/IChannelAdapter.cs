using System.Threading.Channels;
using Carapace.Core.Messages;

namespace Carapace.Core.Channels;

/// <summary>
/// The contract every channel implements: parse the provider's frames into raw <see cref="InboundMessage"/>s and send
/// reply chunks to a <see cref="DeliveryTarget"/>. Routing, sessions, allow-lists and prompts are not its business.
/// </summary>
public interface IChannelAdapter : IAsyncDisposable
{
    /// <summary>The channel name, e.g. <c>crabcallr</c>.</summary>
    string Channel { get; }

    /// <summary>Messages received from the outside world, raw ids only.</summary>
    ChannelReader<InboundMessage> Inbound { get; }

    /// <summary>Connects, reads and reconnects until cancelled.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Sends one reply chunk to the conversation it belongs to.</summary>
    ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken);

    /// <summary>What this channel can do, e.g. <see cref="ChannelCapabilities"/>; null for anything it does not offer.</summary>
    object? GetService(Type serviceType) => serviceType == typeof(ChannelCapabilities) ? ChannelCapabilities.Default : null;
}
