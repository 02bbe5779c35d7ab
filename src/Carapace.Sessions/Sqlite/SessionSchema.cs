namespace Carapace.Sessions.Sqlite;

/// <summary>The tables of <c>sessions.sqlite</c>; times are UTC ticks so they sort and round-trip exactly.</summary>
internal static class SessionSchema
{
    /// <summary>The schema this build writes; a file with a higher version is refused rather than damaged.</summary>
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS sessions (
            key TEXT PRIMARY KEY NOT NULL,
            session_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            last_interaction_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            chat_type TEXT NOT NULL,
            origin_json TEXT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            context_tokens INTEGER NOT NULL,
            compaction_count INTEGER NOT NULL,
            version INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS sessions_by_activity ON sessions (last_interaction_at DESC);
        CREATE TABLE IF NOT EXISTS transcript (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            session_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            role TEXT NOT NULL,
            text TEXT NOT NULL,
            at INTEGER NOT NULL,
            channel_message_id TEXT NULL,
            tool_call_id TEXT NULL,
            tool_name TEXT NULL,
            metadata_json TEXT NULL);
        CREATE INDEX IF NOT EXISTS transcript_by_session ON transcript (session_id, seq);
        CREATE UNIQUE INDEX IF NOT EXISTS transcript_message_once ON transcript (session_id, channel_message_id)
            WHERE channel_message_id IS NOT NULL;
        CREATE TABLE IF NOT EXISTS session_history (
            session_key TEXT NOT NULL,
            session_id TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            reason TEXT NOT NULL,
            trigger_word TEXT NULL,
            next_session_id TEXT NOT NULL,
            PRIMARY KEY (session_key, session_id));
        """;
}
