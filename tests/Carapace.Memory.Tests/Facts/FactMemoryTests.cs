using Carapace.Memory.Facts;
using static Carapace.Memory.Tests.Facts.FactFixture;

namespace Carapace.Memory.Tests.Facts;

public sealed class FactMemoryTests
{
    private static readonly FactSource Tool = new("agent:main:tui:direct:alice", []);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Store_ExactRepeatInAnyCaseOrSpacing_KeepsOneFact()
    {
        await using var f = await CreateAsync(withModel: false);
        var first = await f.Facts.StoreAsync(Alice, "Likes green tea", null, Tool, None);
        var again = await f.Facts.StoreAsync(Alice, "  likes   GREEN tea ", null, Tool, None);

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await f.Facts.ListAsync(Alice, None));
    }

    [Fact]
    public async Task Facts_PerIdentity_FollowThePersonAcrossChannelsButNotToOthersOrGroups()
    {
        await using var f = await CreateAsync(withModel: false);
        var fact = await f.Facts.StoreAsync(Alice, "Allergic to peanuts", "health", Tool, None);

        Assert.Single(await f.Facts.SearchAsync(AliceOnTelegram, "peanuts", 5, 0.1, None));
        Assert.Empty(await f.Facts.SearchAsync(Bob, "peanuts", 5, 0, None));
        Assert.Empty(await f.Facts.SearchAsync(AliceInGroup, "peanuts", 5, 0, None));
        Assert.Null(await f.Facts.GetAsync(Bob, fact.Id, None));
        Assert.Null(await f.Facts.HistoryAsync(Bob, fact.Id, None));
        Assert.Null(await f.Facts.UpdateAsync(Bob, fact.Id, "Not allergic", Tool, None));
        Assert.False(await f.Facts.ForgetAsync(Bob, fact.Id, Tool, None));
        Assert.Equal("Allergic to peanuts", (await f.Facts.GetAsync(Alice, fact.Id, None))?.Text);
    }

    [Fact]
    public async Task Facts_GroupScope_ReadAndWriteOnlyThatGroupsPool()
    {
        await using var f = await CreateAsync(withModel: false);
        await f.Facts.StoreAsync(AliceInGroup, "The group meets on Thursdays", null, Tool, None);
        var otherGroup = AliceInGroup with { GroupId = "telegram:group:43", SessionKey = "agent:main:telegram:group:43" };

        Assert.Single(await f.Facts.SearchAsync(AliceInGroup, "group meets", 5, 0.1, None));
        Assert.Empty(await f.Facts.SearchAsync(otherGroup, "group meets", 5, 0, None));
        Assert.Empty(await f.Facts.ListAsync(Alice, None));
        Assert.Equal("group:telegram:group:42", f.Facts.OwnerKeyOf(AliceInGroup));
    }

    [Fact]
    public async Task Facts_SharedScope_OnePoolForEveryDirectChatButNotGroups()
    {
        await using var f = await CreateAsync(new FactMemoryOptions { Pool = FactPool.Shared }, withModel: false);
        await f.Facts.StoreAsync(Alice, "The wifi password hint is the cat's name", null, Tool, None);

        Assert.Single(await f.Facts.SearchAsync(Bob, "wifi password", 5, 0.1, None));
        Assert.Empty(await f.Facts.SearchAsync(AliceInGroup, "wifi password", 5, 0, None));
    }

    [Fact]
    public async Task Update_ThenForget_HistoryKeepsEventsButForgetWipesEveryTextFromTheFile()
    {
        await using var f = await CreateAsync(withModel: false);
        var fact = await f.Facts.StoreAsync(Alice, "Works at Contoso", "work", Tool, None);
        f.Time.Advance(TimeSpan.FromMinutes(5));
        var updated = await f.Facts.UpdateAsync(Alice, fact.Id, "Works at Fabrikam", Tool, None);
        Assert.Equal("Works at Fabrikam", updated?.Text);
        var history = await f.Facts.HistoryAsync(Alice, fact.Id, None);
        Assert.Equal([(FactEvent.Add, null, "Works at Contoso"), (FactEvent.Update, "Works at Contoso", "Works at Fabrikam")], history!.Select(h => (h.Event, h.OldText, h.NewText)));

        Assert.True(await f.Facts.ForgetAsync(Alice, fact.Id, Tool, None));

        Assert.Empty(await f.Facts.SearchAsync(Alice, "Fabrikam", 5, 0, None));
        Assert.Empty(await f.Facts.ListAsync(Alice, None));
        var audit = await f.Facts.HistoryAsync(Alice, fact.Id, None);
        Assert.Equal([FactEvent.Add, FactEvent.Update, FactEvent.Forget], audit!.Select(h => h.Event));
        Assert.All(audit!, h => Assert.True(h.OldText is null && h.NewText is null));
        await f.ReopenAsync(); // closing checkpoints the WAL into the file
        var file = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(f.Path));
        Assert.DoesNotContain("Fabrikam", file, StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso", file, StringComparison.Ordinal);
        Assert.Empty(await f.Facts.SearchAsync(Alice, "Fabrikam", 5, 0, None));
    }

    [Fact]
    public async Task Search_TopKAndMinScore_BestFirstAndBounded()
    {
        await using var f = await CreateAsync(withModel: false);
        await f.Facts.StoreAsync(Alice, "Daughter plays the piano", null, Tool, None);
        await f.Facts.StoreAsync(Alice, "Daughter's piano recital is on Friday", null, Tool, None);
        await f.Facts.StoreAsync(Alice, "Drives a blue car", null, Tool, None);

        var hits = await f.Facts.SearchAsync(Alice, "when is the piano recital", 1, 0.3, None);

        Assert.Equal("Daughter's piano recital is on Friday", Assert.Single(hits).Fact.Text);
        Assert.Empty(await f.Facts.SearchAsync(Alice, "quantum chromodynamics", 5, 0.3, None));
    }

    [Fact]
    public async Task Search_AfterEachChange_SeesTheChangeWithoutReopening()
    {
        await using var f = await CreateAsync(withModel: false);
        Assert.Empty(await f.Facts.SearchAsync(Alice, "boat", 5, 0.1, None));

        var boat = await f.Facts.StoreAsync(Alice, "Owns a sailing boat", null, Tool, None);
        Assert.Equal(boat.Id, Assert.Single(await f.Facts.SearchAsync(Alice, "boat", 5, 0.1, None)).Fact.Id);

        await f.Facts.UpdateAsync(Alice, boat.Id, "Sold the sailing boat, bought a canoe", Tool, None);
        Assert.Contains("canoe", Assert.Single(await f.Facts.SearchAsync(Alice, "boat", 5, 0.1, None)).Fact.Text, StringComparison.Ordinal);

        await f.Facts.ForgetAsync(Alice, boat.Id, Tool, None);
        Assert.Empty(await f.Facts.SearchAsync(Alice, "canoe boat", 5, 0, None));
    }

    [Fact]
    public async Task Import_AllOrNothingAndRepeatsSkipped()
    {
        await using var f = await CreateAsync(withModel: false);
        await f.Facts.StoreAsync(Alice, "Likes tea", null, Tool, None);
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var added = await f.Facts.ImportAsync(Alice, [FactChange.Add("Likes tea"), FactChange.Add("Has two cats", "relationships", at)], None);

        Assert.Equal("Has two cats", Assert.Single(added).Text);
        Assert.Equal(new DateOnly(2025, 1, 2), f.Facts.DayOf(added[0]));
        await Assert.ThrowsAsync<ArgumentException>(() => f.Facts.ImportAsync(Alice, [FactChange.Delete(added[0].Id)], None));
    }
}
