using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Tests.Turns;

/// <summary>Wraps a transcript store and fails every append of an assistant line, to prove a store fault never escapes a turn.</summary>
internal sealed class FaultInjectingTranscriptStore(ITranscriptStore inner) : ITranscriptStore
{
    public ValueTask<TranscriptEntry> AppendAsync(TranscriptEntry entry, CancellationToken cancellationToken) =>
        entry.Role == "assistant" ? throw new IOException("disk full") : inner.AppendAsync(entry, cancellationToken);

    public ValueTask<IReadOnlyList<TranscriptEntry>> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken) =>
        inner.ReadAsync(sessionId, afterSeq, cancellationToken);

    public ValueTask<IReadOnlyList<TranscriptEntry>> ReadLastAsync(string sessionId, long throughSeq, int count, CancellationToken cancellationToken) =>
        inner.ReadLastAsync(sessionId, throughSeq, count, cancellationToken);
}
