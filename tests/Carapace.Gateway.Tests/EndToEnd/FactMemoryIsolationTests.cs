using System.Text.RegularExpressions;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Models;

namespace Carapace.Gateway.Tests.EndToEnd;

/// <summary>
/// Another person's facts never reach a prompt built for someone else: random people on two channels, in direct chats
/// and two groups, store canary facts and ask for them; every recorded prompt holds only canaries of its own pool
/// (the person in a direct chat, the group in a group) and the recalled ones of that pool do arrive.
/// </summary>
public sealed partial class FactMemoryIsolationTests
{
    private static readonly string[] Channels = ["tui", "webchat"];
    private static readonly string[] People = ["ann", "ben", "cat", "dan"];
    private static readonly string[] Groups = ["g1", "g2"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomConversations_EveryPromptHoldsOnlyItsOwnPoolsFacts(int seed)
    {
        await using var gateway = await TestGateway.StartAsync("memory: { search: { provider: 'none' } }");
        gateway.Model.Script(Script);
        await using var client = await gateway.ConnectAsync();
        var random = new Random(seed);
        var stored = new Dictionary<string, string>(); // canary → pool
        var asked = new Dictionary<string, string>(); // question → pool
        for (var i = 0; i < 40; i++)
        {
            var channel = Channels[random.Next(Channels.Length)];
            var person = People[random.Next(People.Length)];
            var group = random.Next(3) == 0 ? Groups[random.Next(Groups.Length)] : null;
            var pool = group is null ? $"{channel}:{person}" : $"{channel}:group:{group}";
            var peer = group is null ? new Peer(ChatType.Direct, person) : new Peer(ChatType.Group, group);
            string text;
            if (random.Next(2) == 0)
            {
                text = $"remember: CANARY-{seed}-{i}";
                stored[$"CANARY-{seed}-{i}"] = pool;
            }
            else
            {
                text = $"what do you remember about canary? ({seed}-{i})";
                asked[text] = pool;
            }

            await client.SendAsync(new SendFrame($"m{i}", channel, peer, person, text, null), CancellationToken.None);
            Assert.Equal(ServerFrame.Types.Final, (await client.UntilFinalAsync($"m{i}"))[^1].Type);
        }

        foreach (var request in gateway.Model.Requests.Where(r => r.Messages[^1].Role == "user"))
        {
            var question = TestGateway.LastUserText(request);
            var pool = asked.GetValueOrDefault(question) ?? stored[question["remember: ".Length..]];
            var seen = Canary().Matches(request.SystemText).Select(m => m.Value).ToList();
            Assert.All(seen, c => Assert.Equal(pool, stored[c]));
            if (asked.ContainsKey(question))
            {
                var earlier = stored.Count(s => s.Value == pool && Before(s.Key, question));
                Assert.Equal(Math.Min(5, earlier), seen.Distinct().Count());
            }
        }
    }

    private static bool Before(string canary, string question) =>
        int.Parse(canary[(canary.LastIndexOf('-') + 1)..]) < int.Parse(question[(question.LastIndexOf('-') + 1)..].TrimEnd(')'));

    private static ModelReply Script(RecordedRequest request)
    {
        var text = TestGateway.LastUserText(request);
        return request.Messages[^1].Role == "user" && text.StartsWith("remember: ", StringComparison.Ordinal)
            ? ModelReply.CallingTools(new ScriptedToolCall("c1", "memory_store", $"{{\"text\":\"{text["remember: ".Length..]}\"}}"))
            : ModelReply.WithText("ok");
    }

    [GeneratedRegex(@"CANARY-\d+-\d+")]
    private static partial Regex Canary();
}
