using System.Text;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Agent.Turns;

/// <summary>
/// The reply of one turn on its way to the route's delivery target: deltas go out as they arrive when the channel
/// streams, and the final chunk carries the whole text. A notice (e.g. a session rotation) leads the reply. When the
/// agent asked to end the conversation, the final chunk says so, even with nothing left to say.
/// </summary>
internal sealed class ReplyStream(IChannelAdapter adapter, DeliveryTarget target, string notice)
{
    private readonly ChannelCapabilities _capabilities = adapter.GetService(typeof(ChannelCapabilities)) as ChannelCapabilities ?? ChannelCapabilities.Default;
    private readonly StringBuilder _modelText = new();
    private bool _noticeSent;

    /// <summary>What the model said so far (without the notice).</summary>
    public string ModelText => _modelText.ToString();

    /// <summary>True when the channel can end the conversation (the agent gets an end tool).</summary>
    public bool CanEndConversation => _capabilities.EndConversation;

    /// <summary>True once the agent asked to end the conversation after this reply.</summary>
    public bool EndRequested { get; private set; }

    /// <summary>
    /// What of the reply reached the person: the channel's account when it keeps one (on a call, the sentences spoken
    /// before an interruption), else everything the model said.
    /// </summary>
    public string DeliveredText => adapter.GetService(typeof(IDeliveredText)) is IDeliveredText delivered ? delivered.GetDeliveredText(target) : ModelText;

    /// <summary>Asks the channel to end the conversation with the final chunk; ignored by channels that cannot.</summary>
    public void RequestEnd() => EndRequested = CanEndConversation;

    /// <summary>Sends a piece of the model's answer.</summary>
    public async ValueTask DeltaAsync(string text, CancellationToken cancellationToken)
    {
        _modelText.Append(text);
        if (_capabilities.Streaming)
        {
            if (!_noticeSent && notice.Length > 0)
            {
                _noticeSent = true;
                await adapter.SendAsync(target, OutboundChunk.Delta(notice + "\n\n"), cancellationToken);
            }

            await adapter.SendAsync(target, OutboundChunk.Delta(text), cancellationToken);
        }
    }

    /// <summary>Sends the final chunk (the notice, then <paramref name="text"/>) unless there is nothing to say; returns the text delivered.</summary>
    public async ValueTask<string> CompleteAsync(string text, CancellationToken cancellationToken)
    {
        var full = notice.Length == 0 ? text : text.Length == 0 ? notice : notice + "\n\n" + text;
        if (full.Length > 0 || _modelText.Length > 0 || EndRequested)
        {
            await adapter.SendAsync(target, OutboundChunk.Final(full) with { EndConversation = EndRequested }, cancellationToken);
        }

        return full;
    }
}
