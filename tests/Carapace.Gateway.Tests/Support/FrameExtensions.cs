using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Tests.Support;

/// <summary>Bounded waits for server frames, so a missing frame fails the test instead of hanging it.</summary>
public static class FrameExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<ServerFrame> NextAsync(this GatewayClient client)
    {
        using var cts = new CancellationTokenSource(Timeout);
        return await client.Frames.ReadAsync(cts.Token);
    }

    /// <summary>Reads frames up to and including the final (or error) of <paramref name="id"/>.</summary>
    public static async Task<List<ServerFrame>> UntilFinalAsync(this GatewayClient client, string id)
    {
        var frames = new List<ServerFrame>();
        for (var i = 0; i < 1000; i++)
        {
            var frame = await client.NextAsync();
            frames.Add(frame);
            if (frame.Id == id && frame.Type is ServerFrame.Types.Final or ServerFrame.Types.Error)
            {
                return frames;
            }
        }

        throw new InvalidOperationException($"no final for {id} within 1000 frames");
    }

    public static Task SendTextAsync(this GatewayClient client, string id, string text, string peer = "alice", string channel = "tui") =>
        client.SendAsync(new SendFrame(id, channel, new Peer(ChatType.Direct, peer), peer, text, null), CancellationToken.None);
}
