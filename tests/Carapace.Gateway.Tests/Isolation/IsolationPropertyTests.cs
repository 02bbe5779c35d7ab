using CsCheck;

namespace Carapace.Gateway.Tests.Isolation;

/// <summary>
/// Invariant 3 as a property: random people × channels × accounts × chat types × dmScopes × memory scopes exchange
/// messages carrying unique canaries through the real gateway; no prompt the model receives ever holds another
/// person's canary (outside dmScope main's documented sharing), a group's canary in a direct chat or the reverse, or
/// the owner's MEMORY.md outside the owner's direct chats.
/// </summary>
public sealed class IsolationPropertyTests : IAsyncLifetime
{
    private const int Cases = 2_000;
    private static readonly string[] DmScopes = ["main", "per-peer", "per-channel-peer", "per-account-channel-peer"];
    private static readonly string[] MemoryScopes = ["per-identity", "shared"];

    private readonly Dictionary<(string, string), IsolationWorld> _worlds = [];
    private int _case;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var world in _worlds.Values)
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task NoPromptEverHoldsAnotherPersonsWordsOrTheOwnersPrivateFiles()
    {
        var message = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 7]);
        var scenario = Gen.Select(Gen.Int[0, DmScopes.Length - 1], Gen.Int[0, MemoryScopes.Length - 1], message.Array[1, 6]);

        await scenario.SampleAsync(async t =>
        {
            var (dm, mem, messages) = t;
            var world = await WorldAsync(DmScopes[dm], MemoryScopes[mem]);
            var caseNo = Interlocked.Increment(ref _case);
            await world.ResetOwnerAsync();
            for (var i = 0; i < messages.Length; i++)
            {
                var (person, channel, work, chat, flags) = messages[i];

                // The owner is linked on telegram and discord only; a shared memory pool is for a single person's direct chats.
                var owner = person == 0;
                var shared = MemoryScopes[mem] == "shared";
                var group = chat == 3;
                var played = new ConversationMessage(
                    caseNo, shared && !group ? 0 : person, owner || (shared && !group) ? channel % 2 : channel, work && !owner, group, flags % 2, flags >= 6);
                await world.PlayAsync(played, played.Canary(i));
            }
        }, iter: Cases, threads: 1);

        foreach (var world in _worlds.Values)
        {
            await world.CheckRemainingAsync();
        }

        Assert.True(_worlds.Values.Sum(w => w.Recalled) > 0, "no captured fact was ever recalled: the property did not exercise automatic memory");
    }

    private async Task<IsolationWorld> WorldAsync(string dmScope, string memoryScope)
    {
        if (!_worlds.TryGetValue((dmScope, memoryScope), out var world))
        {
            _worlds[(dmScope, memoryScope)] = world = await IsolationWorld.StartAsync(dmScope, memoryScope);
        }

        return world;
    }
}
