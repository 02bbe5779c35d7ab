using System.Text;
using Carapace.Core.Channels;
using Carapace.Core.Messages;

namespace Carapace.Agent.Turns;

/// <summary>
/// The reply of one turn on its way to the route's delivery target: deltas go out as they arrive when the channel
/// streams, and the final chunk carries the whole text. A notice (e.g. a session rotation) leads the reply.
/// </summary>
internal sealed class ReplyStream(IChannelAdapter adapter, DeliveryTarget target, string notice)
{
    private readonly bool _streaming = (adapter.GetService(typeof(ChannelCapabilities)) as ChannelCapabilities)?.Streaming ?? false;
    private readonly StringBuilder _modelText = new();
    private bool _noticeSent;

    /// <summary>What the model said so far (without the notice).</summary>
    public string ModelText => _modelText.ToString();

    /// <summary>Sends a piece of the model's answer.</summary>
    public async ValueTask DeltaAsync(string text, CancellationToken cancellationToken)
    {
        _modelText.Append(text);
        if (_streaming)
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
        if (full.Length > 0 || _modelText.Length > 0)
        {
            await adapter.SendAsync(target, OutboundChunk.Final(full), cancellationToken);
        }

        return full;
    }
}
