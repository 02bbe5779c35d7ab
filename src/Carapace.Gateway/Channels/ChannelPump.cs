using Carapace.Core.Channels;
using Carapace.Core.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway.Channels;

/// <summary>
/// Runs every registered channel adapter for the host's lifetime and hands each inbound message to the dispatcher,
/// in the order the channel received them. A failing channel or message is logged and never stops the others.
/// </summary>
internal sealed class ChannelPump(IEnumerable<IChannelAdapter> channels, ITurnDispatcher dispatcher, ILogger<ChannelPump> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(channels.Select(c => Task.WhenAll(RunAsync(c, stoppingToken), PumpAsync(c, stoppingToken))));

    private async Task RunAsync(IChannelAdapter channel, CancellationToken stoppingToken)
    {
        try
        {
            await channel.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            GatewayLog.ChannelFailed(logger, channel.Channel, e);
        }
    }

    private async Task PumpAsync(IChannelAdapter channel, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in channel.Inbound.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await dispatcher.DispatchAsync(message, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    GatewayLog.InboundSkipped(logger, channel.Channel, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
