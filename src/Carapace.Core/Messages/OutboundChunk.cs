namespace Carapace.Core.Messages;

/// <summary>
/// A piece of a reply on its way to a channel. Non-final chunks are incremental deltas for channels that stream;
/// the final chunk carries the complete reply text, so a channel that does not stream can ignore the deltas.
/// </summary>
public sealed record OutboundChunk(string Text, bool IsFinal)
{
    /// <summary>The agent asked to end the conversation after this chunk (phone calls hang up).</summary>
    public bool EndConversation { get; init; }

    /// <summary>A complete reply in one chunk.</summary>
    public static OutboundChunk Final(string text) => new(text, IsFinal: true);

    /// <summary>A streamed delta.</summary>
    public static OutboundChunk Delta(string text) => new(text, IsFinal: false);
}
