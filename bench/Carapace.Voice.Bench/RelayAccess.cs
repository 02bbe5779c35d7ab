using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Voice.Bench;

/// <summary>The relay both rigs use, with the one user and key the bench calls, and how a caller joins it.</summary>
internal static class RelayAccess
{
    public const string UserId = "bench-user";
    public const string ApiKey = "cc_0123456789abcdef0123456789abcdef";
    private const string Secret = "bench-secret-0123456789";

    public static Task<RelayHost> StartAsync() => RelayHost.StartAsync(
        new RelayOptions { Port = 0, AgentSecret = Secret, ApiKeys = new Dictionary<string, string> { [UserId] = ApiKey } },
        TimeProvider.System,
        NullLoggerFactory.Instance,
        CancellationToken.None);

    /// <summary>Connects a voice agent and waits (bounded) until the agent host is connected for the user.</summary>
    public static async Task<VoiceCaller> CallerAsync(RelayHost relay, string agentId)
    {
        var caller = await VoiceCaller.ConnectAsync(relay.AgentUri, Secret, agentId, TimeProvider.System, CancellationToken.None);
        for (var i = 0; i < 500; i++)
        {
            if (await caller.IsPluginConnectedAsync(UserId, CancellationToken.None))
            {
                return caller;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the agent host did not connect to the relay");
    }
}
