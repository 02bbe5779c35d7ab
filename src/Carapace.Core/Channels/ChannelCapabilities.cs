namespace Carapace.Core.Channels;

/// <summary>What a channel can do, asked for through <see cref="IChannelAdapter.GetService"/> instead of message flags.</summary>
public sealed record ChannelCapabilities
{
    /// <summary>The channel shows streamed deltas as they arrive.</summary>
    public bool Streaming { get; init; }

    /// <summary>A new message in a conversation cancels the turn still running for it (phone calls).</summary>
    public bool BargeIn { get; init; }

    /// <summary>The agent may end the conversation (<see cref="Messages.OutboundChunk.EndConversation"/>): phone calls hang up.</summary>
    public bool EndConversation { get; init; }

    /// <summary>A channel that streams nothing and cannot be interrupted.</summary>
    public static ChannelCapabilities Default { get; } = new();
}
