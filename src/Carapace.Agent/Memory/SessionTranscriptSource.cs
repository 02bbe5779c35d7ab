using System.Text;
using System.Text.RegularExpressions;
using Carapace.Agent.Turns;
using Carapace.Memory.Index;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Memory;

/// <summary>
/// Session transcripts as memory documents (<c>sources: ["memory","sessions"]</c>): one document per session id of the
/// agent, current and ended, each scoped to its own session key, so a conversation can search what it said before a
/// reset and never what anybody else's conversation said. Each user or assistant message is one line.
/// </summary>
public sealed partial class SessionTranscriptSource(string agentId, ISessionStore sessions, ISessionHistory history, ITranscriptStore transcripts) : IMemorySource
{
    /// <summary>The source name stored with every transcript chunk.</summary>
    public const string SourceName = "sessions";

    /// <inheritdoc />
    public string Name => SourceName;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MemoryDocument>> ListAsync(CancellationToken cancellationToken)
    {
        var documents = new List<MemoryDocument>();
        await foreach (var entry in sessions.ListAsync(cancellationToken))
        {
            if (!string.Equals(entry.AgentId, agentId, StringComparison.Ordinal))
            {
                continue;
            }

            // Token counts move with every answered turn, so together with the last message time they tell a changed transcript.
            documents.Add(Document(entry.SessionId, entry.Key, entry.LastInteractionAt, entry.InputTokens + entry.OutputTokens + entry.CompactionCount));
            foreach (var ended in await history.ListAsync(entry.Key, cancellationToken))
            {
                documents.Add(Document(ended.SessionId, entry.Key, ended.EndedAt, 0));
            }
        }

        return documents;
    }

    /// <inheritdoc />
    public async ValueTask<string?> ReadAsync(MemoryDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var sessionId = Path.GetFileNameWithoutExtension(document.Path);
        var text = new StringBuilder();
        foreach (var line in await transcripts.ReadAsync(sessionId, 0, cancellationToken))
        {
            if (line is { Kind: TranscriptKind.Message, Role: "user" or "assistant" } && line.Text.Length > 0
                && !TranscriptMetadata.Has(line.MetadataJson, TranscriptMetadata.Synthetic)
                && !TranscriptMetadata.Has(line.MetadataJson, TranscriptMetadata.Command))
            {
                text.Append(line.Role == "user" ? "User: " : "Assistant: ").AppendLine(Whitespace().Replace(line.Text, " ").Trim());
            }
        }

        return text.ToString();
    }

    private static MemoryDocument Document(string sessionId, string sessionKey, DateTimeOffset modifiedAt, long size) =>
        new($"sessions/{sessionId}.jsonl", SourceName, sessionKey, modifiedAt, size);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
