using System.Text.Json;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Turns;
using Carapace.Gateway.Tests.Support;
using Carapace.Testing.Channels;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.Isolation;

/// <summary>
/// One real gateway (one dmScope and memory scope) that random conversations are played into through the real
/// dispatcher, with fake platform channels and the fake model recording every prompt. Automatic memory is on, and the
/// fake model extracts every canary it is shown as a fact, so recall is in play too. The world remembers who wrote each
/// canary, in which session and for which memory pool, so every recorded prompt is checked against who may see what.
/// </summary>
internal sealed class IsolationWorld : IAsyncDisposable
{
    /// <summary>A line of the owner's MEMORY.md that must reach only the owner's direct chats.</summary>
    public const string OwnerFileCanary = "OWNERFILEZQX";

    public static readonly string[] Channels = ["telegram", "discord", "whatsapp"];

    // The capture prompts' first words (Carapace.Memory.Facts.CapturePrompts), as a model provider would see them.
    private const string ExtractionMarker = "You extract durable facts";
    private const string DecisionMarker = "You manage a memory store";

    private readonly TestGateway _gateway;
    private readonly ITurnDispatcher _dispatcher;
    private readonly Dictionary<string, CanaryOrigin> _origins = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);
    private int _checkedRequests;
    private int _order;

    private IsolationWorld(TestGateway gateway, string dmScope, string memoryScope)
    {
        _gateway = gateway;
        _dispatcher = gateway.Host.Services.GetRequiredService<ITurnDispatcher>();
        DmScope = dmScope;
        MemoryScope = memoryScope;
        gateway.Model.Script(SearchWhenAsked);
    }

    public string DmScope { get; }

    public string MemoryScope { get; }

    /// <summary>Canaries that reached a prompt through recall (another session of the same pool), proving facts were in play.</summary>
    public int Recalled { get; private set; }

    public static async Task<IsolationWorld> StartAsync(string dmScope, string memoryScope)
    {
        var gateway = await TestGateway.StartAsync(
            $"session: {{ dmScope: '{dmScope}', identityLinks: {{ owner: ['telegram:owner', 'discord:owner'] }} }}, owners: ['owner'], " +
            $"memory: {{ scope: '{memoryScope}', search: {{ provider: 'none' }}, recall: {{ minScore: 0.01 }} }}",
            services: s =>
            {
                foreach (var channel in Channels)
                {
                    s.AddSingleton<IChannelAdapter>(new FakeChannelAdapter(channel));
                }
            },
            memoryCapture: true);
        var workspace = Path.Combine(gateway.StateDir, "workspace");
        Directory.CreateDirectory(workspace);
        await File.WriteAllTextAsync(Path.Combine(workspace, "MEMORY.md"), $"# Memory\n- The owner's safe combination is {OwnerFileCanary}\n");
        return new IsolationWorld(gateway, dmScope, memoryScope);
    }

    /// <summary>Starts the owner's conversations afresh so their transcripts stay short across thousands of cases.</summary>
    public async Task ResetOwnerAsync()
    {
        foreach (var channel in new[] { "telegram", "discord" })
        {
            var ticket = await _dispatcher.DispatchAsync(Message(channel, null, new Peer(ChatType.Direct, "owner"), "owner", "/new"), CancellationToken.None);
            await ticket.Completion;
            _generations[ticket.Route.SessionKey] = _generations.GetValueOrDefault(ticket.Route.SessionKey) + 1;
        }
    }

    /// <summary>Plays one message and checks every prompt the model received for it.</summary>
    public async Task PlayAsync(ConversationMessage message, string canary)
    {
        var peerId = message.Person == 0 ? "owner" : message.PeerId;
        var peer = message.Group ? new Peer(ChatType.Group, message.GroupId) : new Peer(ChatType.Direct, peerId);
        var text = $"note {canary}" + (message.Search ? " #search" : "");
        var ticket = await _dispatcher.DispatchAsync(Message(Channels[message.Channel], message.Work ? "work" : null, peer, peerId, text), CancellationToken.None);
        var route = ticket.Route;
        _origins[canary] = new CanaryOrigin(
            message, route.IsOwner, route.Identity, route.SessionKey, _generations.GetValueOrDefault(route.SessionKey), Interlocked.Increment(ref _order));
        await ticket.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        CheckRecorded();
    }

    /// <summary>Checks the prompts recorded since the last check; the fake server may record a request just after its turn ended.</summary>
    public async Task CheckRemainingAsync()
    {
        await Task.Delay(200);
        CheckRecorded();
    }

    private void CheckRecorded()
    {
        var requests = _gateway.Model.Requests;
        for (; _checkedRequests < requests.Count; _checkedRequests++)
        {
            var request = requests[_checkedRequests];
            if (!IsCapture(request))
            {
                Check(request, _origins[CanariesIn(TestGateway.LastUserText(request)).Single()]);
            }
        }
    }

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    private void Check(RecordedRequest request, CanaryOrigin turn)
    {
        var (message, isOwner, sessionKey) = (turn.Message, turn.IsOwner, turn.SessionKey);
        var prompt = request.PromptText;
        var where = $"{DmScope}/{MemoryScope}, session {sessionKey}";
        var ownerDirect = isOwner && !message.Group;
        Assert.True(ownerDirect || !prompt.Contains(OwnerFileCanary, StringComparison.Ordinal),
            $"the owner's MEMORY.md reached a prompt that is not the owner's direct chat ({where}): {prompt}");
        foreach (var canary in CanariesIn(prompt))
        {
            var origin = _origins[canary];
            var inThisConversation = origin.SessionKey == sessionKey && origin.Generation == turn.Generation && origin.Order <= turn.Order;
            var recalledFromOwnPool = message.Group ? origin.Message.GroupId == message.GroupId : origin.Identity == turn.Identity || MemoryScope == "shared";
            Assert.True(inThisConversation || recalledFromOwnPool, $"{canary} from session {origin.SessionKey} reached a prompt of {where}: {prompt}");
            Recalled += inThisConversation ? 0 : 1;
            Assert.True(message.Group == origin.Message.Group, $"{canary} crossed between a group and a direct chat ({where})");
            if (message.Group)
            {
                Assert.True(origin.Message.GroupId == message.GroupId, $"{canary} of group {origin.Message.GroupId} reached group {message.GroupId} ({where})");
            }
            else if (DmScope != "main")
            {
                // Under dmScope main every direct chat shares one session by design; every other scope keeps people apart.
                Assert.True(origin.Message.Person == message.Person, $"{canary} of person {origin.Message.Person} reached person {message.Person} ({where})");
            }
        }
    }

    private static IEnumerable<string> CanariesIn(string prompt)
    {
        for (var at = prompt.IndexOf(ConversationMessage.CanaryPrefix, StringComparison.Ordinal); at >= 0;
             at = prompt.IndexOf(ConversationMessage.CanaryPrefix, at + 1, StringComparison.Ordinal))
        {
            var end = prompt.IndexOf('Q', at);
            yield return prompt[at..(end + 1)];
        }
    }

    private static bool IsCapture(RecordedRequest request) =>
        request.SystemText.Contains(ExtractionMarker, StringComparison.Ordinal)
        || request.SystemText.Contains(DecisionMarker, StringComparison.Ordinal);

    // The model searches memory when asked to, so tool results are checked as well as prompts; capture extracts every
    // canary it is shown (a model keeping everything) and adds each as a new fact.
    private static ModelReply SearchWhenAsked(RecordedRequest request)
    {
        if (request.SystemText.Contains(ExtractionMarker, StringComparison.Ordinal))
        {
            var facts = CanariesIn(TestGateway.LastUserText(request)).Distinct().Select(c => new { text = $"note {c}", category = "personal" });
            return ModelReply.WithText(JsonSerializer.Serialize(new { facts }));
        }

        if (request.SystemText.Contains(DecisionMarker, StringComparison.Ordinal))
        {
            var user = TestGateway.LastUserText(request);
            var fresh = JsonSerializer.Deserialize<string[]>(user[(user.IndexOf("New facts:", StringComparison.Ordinal) + "New facts:".Length)..]) ?? [];
            var memory = fresh.Select((text, i) => new { id = $"new{i}", text, @event = "ADD" });
            return ModelReply.WithText(JsonSerializer.Serialize(new { memory }));
        }

        return request.Messages[^1].Role == "tool" || !TestGateway.LastUserText(request).EndsWith("#search", StringComparison.Ordinal)
            ? ModelReply.WithText("noted")
            : ModelReply.CallingTools(new ScriptedToolCall("call_1", "memory_search", "{\"query\":\"safe combination\"}"));
    }

    private static InboundMessage Message(string channel, string? account, Peer peer, string sender, string text) => new()
    {
        Channel = channel,
        AccountId = account,
        Peer = peer,
        SenderId = sender,
        Text = text,
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    private sealed record CanaryOrigin(ConversationMessage Message, bool IsOwner, string Identity, string SessionKey, int Generation, int Order);
}
