using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Lifecycle;

/// <summary>
/// Loads or creates the session of a routed message and applies reset triggers and the reset policy lazily, on that
/// message. A rotation writes the new entry first (the commit point, with optimistic concurrency), then a Reset line in
/// the old transcript and a history row, so the old conversation stays readable.
/// </summary>
public sealed class SessionManager(
    ISessionStore sessions,
    ITranscriptStore transcripts,
    ISessionHistory history,
    SessionPolicyOptions policy,
    TimeProvider time,
    TimeZoneInfo zone)
{
    private const int MaxAttempts = 5;

    /// <summary>Finds the message's session, rotating it when the message is a reset trigger or the session went stale.</summary>
    public async Task<SessionTurnStart> StartTurnAsync(Route route, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(message);
        var trigger = ResetTriggerMatch.Parse(message.Text, policy.ResetTriggers);
        var body = trigger?.Body ?? message.Text;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var current = await sessions.GetAsync(route.SessionKey, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                var created = await sessions.WriteAsync(Fresh(route, now), cancellationToken).ConfigureAwait(false);
                if (created is not null)
                {
                    // A reset trigger as the very first message still gets its answer ("New conversation started (/new).").
                    var why = trigger is null ? RotationReason.New : RotationReason.Trigger;
                    return new SessionTurnStart(created, body, new SessionRotation(why, trigger?.Trigger, null, created.SessionId));
                }

                continue;
            }

            var reason = trigger is not null ? RotationReason.Trigger : Staleness(route, message, current, now);
            if (reason is null)
            {
                var touched = await sessions.WriteAsync(current with { LastInteractionAt = now }, cancellationToken).ConfigureAwait(false);
                if (touched is not null)
                {
                    return new SessionTurnStart(touched, body, null);
                }

                continue;
            }

            var next = Fresh(route, now) with { Version = current.Version };
            if (await RotateAsync(current, next, reason.Value, trigger?.Trigger, cancellationToken).ConfigureAwait(false) is { } rotated)
            {
                return new SessionTurnStart(rotated.Entry, body, rotated.Rotation);
            }
        }

        throw new InvalidOperationException($"session '{route.SessionKey}' kept changing while a message was applied; {MaxAttempts} attempts failed");
    }

    /// <summary>Starts a new session for a key from outside the conversation (the CLI); null when the key is unknown.</summary>
    public async Task<SessionRotation?> ResetAsync(string sessionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await sessions.GetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var now = time.GetUtcNow();
            var next = current with
            {
                SessionId = NewSessionId(now),
                StartedAt = now,
                LastInteractionAt = now,
                InputTokens = 0,
                OutputTokens = 0,
                ContextTokens = 0,
                CompactionCount = 0,
            };
            if (await RotateAsync(current, next, RotationReason.Manual, null, cancellationToken).ConfigureAwait(false) is { } rotated)
            {
                return rotated.Rotation;
            }
        }

        throw new InvalidOperationException($"session '{sessionKey}' kept changing during the reset; {MaxAttempts} attempts failed");
    }

    /// <summary>Adds a turn's token counts to the session it ran in; ignored (returns null) when that session was reset meanwhile.</summary>
    public Task<SessionEntry?> RecordUsageAsync(string sessionKey, string sessionId, TokenUsage usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return UpdateAsync(sessionKey, sessionId, "token counts were recorded", current => current with
        {
            InputTokens = current.InputTokens + usage.InputTokens,
            OutputTokens = current.OutputTokens + usage.OutputTokens,
            ContextTokens = usage.ContextTokens,
        }, cancellationToken);
    }

    /// <summary>
    /// Counts a compaction of the session and forgets the last prompt size (the next prompt is smaller and is measured
    /// afresh); ignored (returns null) when that session was reset meanwhile.
    /// </summary>
    public Task<SessionEntry?> RecordCompactionAsync(string sessionKey, string sessionId, CancellationToken cancellationToken) =>
        UpdateAsync(sessionKey, sessionId, "a compaction was recorded", current => current with
        {
            CompactionCount = current.CompactionCount + 1,
            ContextTokens = 0,
        }, cancellationToken);

    private async Task<SessionEntry?> UpdateAsync(
        string sessionKey, string sessionId, string what, Func<SessionEntry, SessionEntry> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        ArgumentNullException.ThrowIfNull(sessionId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await sessions.GetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
            if (current is null || current.SessionId != sessionId)
            {
                return null;
            }

            if (await sessions.WriteAsync(update(current), cancellationToken).ConfigureAwait(false) is { } written)
            {
                return written;
            }
        }

        throw new InvalidOperationException($"session '{sessionKey}' kept changing while {what}; {MaxAttempts} attempts failed");
    }

    private RotationReason? Staleness(Route route, InboundMessage message, SessionEntry current, DateTimeOffset now)
    {
        var type = ResetPolicyResolver.ResolveType(route.SessionKey, message.ThreadId);
        var rule = ResetPolicyResolver.Resolve(policy, route.Channel, type);
        return SessionFreshness.Evaluate(rule, current.StartedAt, current.LastInteractionAt, now, zone);
    }

    private async Task<(SessionEntry Entry, SessionRotation Rotation)?> RotateAsync(
        SessionEntry current, SessionEntry next, RotationReason reason, string? trigger, CancellationToken cancellationToken)
    {
        var written = await sessions.WriteAsync(next, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            return null;
        }

        var rotation = new SessionRotation(reason, trigger, current.SessionId, written.SessionId);
        await transcripts.AppendAsync(
            new TranscriptEntry
            {
                SessionId = current.SessionId,
                SessionKey = current.Key,
                Kind = TranscriptKind.Reset,
                Role = "system",
                Text = $"{rotation.Notice} Continued in session {written.SessionId}.",
                At = written.StartedAt,
            },
            cancellationToken).ConfigureAwait(false);
        await history.RecordAsync(
            new SessionHistoryEntry(current.Key, current.SessionId, current.StartedAt, written.StartedAt, reason, trigger, written.SessionId),
            cancellationToken).ConfigureAwait(false);
        return (written, rotation);
    }

    private static SessionEntry Fresh(Route route, DateTimeOffset now) => new()
    {
        Key = route.SessionKey,
        SessionId = NewSessionId(now),
        AgentId = route.AgentId,
        StartedAt = now,
        LastInteractionAt = now,
        Channel = route.Channel,
        ChatType = route.ChatType,
        Origin = route.Delivery,
    };

    private static string NewSessionId(DateTimeOffset now) => Guid.CreateVersion7(now).ToString();
}
