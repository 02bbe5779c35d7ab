using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;

namespace Carapace.Sessions.Tests.Sqlite;

public sealed class SqliteSessionHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_RecordedRotations_MostRecentFirstPerKeyAndIdempotent()
    {
        await using var db = await TempSessionDatabase.CreateAsync();
        var first = new SessionHistoryEntry("k", "s1", T0, T0.AddHours(1), RotationReason.Trigger, "/new", "s2");
        var second = new SessionHistoryEntry("k", "s2", T0.AddHours(1), T0.AddHours(5), RotationReason.Idle, null, "s3");
        await db.History.RecordAsync(first, CancellationToken.None);
        await db.History.RecordAsync(second, CancellationToken.None);
        await db.History.RecordAsync(first, CancellationToken.None);
        await db.History.RecordAsync(new SessionHistoryEntry("other", "x1", T0, T0, RotationReason.Manual, null, "x2"), CancellationToken.None);
        await db.ReopenAsync();

        Assert.Equal([second, first], await db.History.ListAsync("k", CancellationToken.None));
        Assert.Empty(await db.History.ListAsync("nobody", CancellationToken.None));
    }
}
