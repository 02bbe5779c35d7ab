namespace Carapace.Sessions.Abstractions;

/// <summary>Where session entries live; SQLite by default, swappable for a clustered store.</summary>
public interface ISessionStore
{
    /// <summary>The current entry of a key, or null when the key has never been seen.</summary>
    ValueTask<SessionEntry?> GetAsync(string sessionKey, CancellationToken cancellationToken);

    /// <summary>Writes the entry if its <see cref="SessionEntry.Version"/> matches the stored one; returns the stored entry with the next version, or null on a conflict.</summary>
    ValueTask<SessionEntry?> WriteAsync(SessionEntry entry, CancellationToken cancellationToken);

    /// <summary>All entries, most recently active first.</summary>
    IAsyncEnumerable<SessionEntry> ListAsync(CancellationToken cancellationToken);
}
