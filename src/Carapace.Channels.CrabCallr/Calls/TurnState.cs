using System.Text;

namespace Carapace.Channels.CrabCallr.Calls;

/// <summary>One answer in progress: the streamed text, what of it was spoken, and the turn's filler and timeout timers.</summary>
internal sealed class TurnState(string messageId)
{
    private readonly StringBuilder _streamed = new();
    private readonly StringBuilder _spoken = new();
    private int _consumed;

    public string MessageId { get; } = messageId;

    public bool Done { get; private set; }

    public int FillersSent { get; set; }

    public ITimer? Filler { get; set; }

    public ITimer? Timeout { get; set; }

    /// <summary>The answer text actually sent to the caller so far (fillers excluded).</summary>
    public string Spoken => _spoken.ToString();

    public bool HasSpoken => _spoken.Length > 0;

    /// <summary>Adds a streamed delta and returns the sentences it completed.</summary>
    public IReadOnlyList<string> Append(string delta)
    {
        _streamed.Append(delta);
        var sentences = SentenceSplitter.Take(_streamed.ToString(_consumed, _streamed.Length - _consumed), out var used);
        _consumed += used;
        return sentences;
    }

    /// <summary>What of the final reply was not yet spoken from the stream.</summary>
    public string Remainder(string finalText)
    {
        if (_consumed == 0)
        {
            return finalText.Trim();
        }

        var streamed = _streamed.ToString();
        return finalText.StartsWith(streamed[.._consumed], StringComparison.Ordinal)
            ? finalText[_consumed..].Trim()
            : streamed[_consumed..].Trim();
    }

    public void RecordSpoken(string text) => _spoken.Append(_spoken.Length == 0 ? "" : " ").Append(text);

    /// <summary>Ends the turn: no more fillers, no timeout, later chunks are dropped.</summary>
    public void Finish()
    {
        Done = true;
        Filler?.Dispose();
        Timeout?.Dispose();
    }
}
