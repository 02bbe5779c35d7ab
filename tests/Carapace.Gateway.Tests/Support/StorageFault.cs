using Microsoft.Data.Sqlite;

namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// Makes the gateway's real sessions database refuse to store user messages, as a full or failing disk would: a SQLite
/// trigger in <c>sessions.sqlite</c> aborts the insert, so the real store throws from the real append.
/// </summary>
public static class StorageFault
{
    /// <summary>From now on, appending a user line whose text is <paramref name="text"/> (any text when null) fails with <paramref name="error"/>.</summary>
    public static async Task RefuseUserLinesAsync(string stateDir, string? text, string error)
    {
        var condition = text is null ? "" : $" AND NEW.text = {Literal(text)}";
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(stateDir, "sessions.sqlite")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TRIGGER refuse_user_lines BEFORE INSERT ON transcript
            WHEN NEW.role = 'user'{condition}
            BEGIN SELECT RAISE(ABORT, {Literal(error)}); END;
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
