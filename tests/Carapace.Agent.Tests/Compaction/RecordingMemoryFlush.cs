using Carapace.Agent.Abstractions;
using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests.Compaction;

/// <summary>
/// Stands in for the memory project's flush (an outside contract here): records each call with what the world looked
/// like at that moment (model requests so far, compaction lines already written), so tests prove the flush came first.
/// </summary>
internal sealed class RecordingMemoryFlush(bool fail = false) : IMemoryFlush
{
    private readonly List<FlushCall> _calls = [];

    public FakeModelServer? Server { get; set; }

    public ITranscriptStore? Transcripts { get; set; }

    public IReadOnlyList<FlushCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public async ValueTask FlushAsync(Route route, string sessionId, IReadOnlyList<TranscriptEntry> compacting, CancellationToken cancellationToken)
    {
        var transcript = Transcripts is null ? [] : await Transcripts.ReadAsync(sessionId, 0, cancellationToken);
        lock (_calls)
        {
            _calls.Add(new FlushCall(
                route.SessionKey,
                sessionId,
                compacting,
                Server?.Requests.Count ?? -1,
                transcript.Count(l => l.Kind == TranscriptKind.Compaction)));
        }

        if (fail)
        {
            throw new IOException("memory store unavailable");
        }
    }
}

/// <summary>One recorded flush: the lines handed over, how many model requests had been made and how many compaction lines existed.</summary>
internal sealed record FlushCall(string SessionKey, string SessionId, IReadOnlyList<TranscriptEntry> Lines, int RequestsBefore, int CompactionsBefore);
