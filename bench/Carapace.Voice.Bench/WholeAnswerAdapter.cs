using System.Threading.Channels;
using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Voice.Bench;

/// <summary>
/// The original plugin's behaviour for comparison: the channel says it does not stream, so the pipeline sends only the
/// final chunk and the caller hears the whole answer at once. Everything else goes to the real adapter.
/// </summary>
internal sealed class WholeAnswerAdapter(IChannelAdapter inner) : IChannelAdapter
{
    public string Channel => inner.Channel;

    public ChannelReader<InboundMessage> Inbound => inner.Inbound;

    /// <summary>Wraps every channel adapter registered so far.</summary>
    public static void WrapAll(IServiceCollection services)
    {
        foreach (var registered in services.Where(d => d.ServiceType == typeof(IChannelAdapter)).ToList())
        {
            services.Remove(registered);
            var create = registered.ImplementationFactory ?? throw new InvalidOperationException("channel adapters are registered by factory");
            services.AddSingleton<IChannelAdapter>(sp => new WholeAnswerAdapter((IChannelAdapter)create(sp)));
        }
    }

    public Task RunAsync(CancellationToken cancellationToken) => inner.RunAsync(cancellationToken);

    public ValueTask SendAsync(DeliveryTarget target, OutboundChunk chunk, CancellationToken cancellationToken) => inner.SendAsync(target, chunk, cancellationToken);

    public object? GetService(Type serviceType) =>
        serviceType == typeof(ChannelCapabilities) && inner.GetService(serviceType) is ChannelCapabilities capabilities
            ? capabilities with { Streaming = false }
            : inner.GetService(serviceType);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
