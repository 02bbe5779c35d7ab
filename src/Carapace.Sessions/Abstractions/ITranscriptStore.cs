namespace Carapace.Sessions.Abstractions;

/// <summary>Append-only transcripts per session id. An append that returned is durable: a crash after it loses nothing.</summary>
public interface ITranscriptStore
{
    /// <summary>Appends a line and returns it with its <see cref="TranscriptEntry.Seq"/>; a repeated channel message id returns the earlier line instead.</summary>
    ValueTask<TranscriptEntry> AppendAsync(TranscriptEntry entry, CancellationToken cancellationToken);

    /// <summary>The lines of a transcript after a sequence number, in order.</summary>
    ValueTask<IReadOnlyList<TranscriptEntry>> ReadAsync(string sessionId, long afterSeq, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="count"/> lines of a transcript up to and including <paramref name="throughSeq"/>: the newest ones, in order.</summary>
    ValueTask<IReadOnlyList<TranscriptEntry>> ReadLastAsync(string sessionId, long throughSeq, int count, CancellationToken cancellationToken);
}
