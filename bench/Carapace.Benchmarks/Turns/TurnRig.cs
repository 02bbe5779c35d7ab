using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Agent.Turns;
using Carapace.Core.Config;
using Carapace.Core.Messages;
using Carapace.Core.Routing;
using Carapace.Core.Sessions;
using Carapace.Sessions.Lanes;
using Carapace.Sessions.Lifecycle;
using Carapace.Sessions.Sqlite;
using Microsoft.Extensions.AI;

namespace Carapace.Benchmarks.Turns;

/// <summary>
/// The real turn path as the gateway composes it (router, SQLite session and transcript stores in WAL mode, lanes,
/// session manager, pipeline, dispatcher) in a temp state dir, with the zero-latency model and a discarding channel.
/// </summary>
internal sealed class TurnRig : IAsyncDisposable
{
    public const string Channel = "bench";

    private readonly string _directory;
    private readonly SqliteSessionDatabase _database;
    private readonly ChatClientFactory _models;

    private TurnRig(string directory, SqliteSessionDatabase database)
    {
        _directory = directory;
        _database = database;
        var document = ConfigDocument.Parse("{ session: { dmScope: 'per-channel-peer' } }", "bench.json5");
        var routing = RoutingConfig.Bind(document.Root);
        var transcripts = new SqliteTranscriptStore(database);
        var sessions = new SessionManager(
            new SqliteSessionStore(database), transcripts, new SqliteSessionHistory(database), new SessionPolicyOptions(), TimeProvider.System, TimeZoneInfo.Utc);
        _models = new ChatClientFactory(
            new ModelsOptions(), _ => null, TimeProvider.System, inProcessProviders: new Dictionary<string, IChatClient> { ["bench"] = new ZeroLatencyChatClient() });
        Output = new DiscardingChannel(Channel);
        var channels = new ChannelRegistry([Output]);
        var pipeline = new TurnPipeline(new TurnServices
        {
            Sessions = sessions,
            Transcripts = transcripts,
            Models = _models,
            Agents = new AgentOptions { Workspace = Path.Combine(directory, "workspace"), Model = "bench/zero", UserTimeZone = TimeZoneInfo.Utc },
            Channels = channels,
        });
        Dispatcher = new TurnDispatcher(message => Router.Resolve(routing, message), new SessionLanes(), pipeline, channels);
    }

    public TurnDispatcher Dispatcher { get; }

    public DiscardingChannel Output { get; }

    public static async Task<TurnRig> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("carapace-bench-").FullName;
        return new TurnRig(directory, await SqliteSessionDatabase.OpenAsync(directory, CancellationToken.None));
    }

    public static InboundMessage Message(string peer, int turn) => new()
    {
        Channel = Channel,
        Peer = new Peer(ChatType.Direct, peer),
        SenderId = peer,
        Text = $"message {turn} from {peer}: please remember that the meeting moved to Thursday",
        ReceivedAt = TimeProvider.System.GetUtcNow(),
        ChannelMessageId = $"{peer}-{turn}",
    };

    public async ValueTask DisposeAsync()
    {
        _models.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
