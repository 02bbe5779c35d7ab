using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Tests.Turns.StandIns;

/// <summary>
/// STAND-IN, REPLACE AT MERGE with the SQLite transcript store from Carapace.Sessions. Exists only because that store
/// is being written in parallel; it follows the ITranscriptStore contract (sequence numbers, channel-message-id dedup).
/// </summary>
internal sealed class InMemoryTranscriptStore : ITranscriptStore
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptEntry> _lines = [];

    public ValueTask<TranscriptEntry> AppendAsync(TranscriptEntry entry, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (entry.ChannelMessageId is { } id && _lines.Find(l => l.SessionKey == entry.SessionKey && l.ChannelMessageId == id) is { } earlier)
            {
                return ValueTask.FromResult(earlier);
            }

            var stored = entry with { Seq = _lines.Count + 1 };
            _lines.Add(stored);
            return ValueTask.FromResult(stored);
        }
    }

    public ValueTask<IReadOnlyList<TranscriptEntry>> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<TranscriptEntry>>(_lines.Where(l => l.SessionId == sessionId && l.Seq > afterSeq).ToList());
        }
    }
}
