using Carapace.Core.Channels;

namespace Carapace.Agent.Turns;

/// <summary>The channel adapters by channel name, so a reply is sent through the channel of its own route and nowhere else.</summary>
public sealed class ChannelRegistry
{
    private readonly Dictionary<string, IChannelAdapter> _adapters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers the adapters; two adapters for one channel name are a wiring error.</summary>
    public ChannelRegistry(IEnumerable<IChannelAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        foreach (var adapter in adapters)
        {
            if (!_adapters.TryAdd(adapter.Channel, adapter))
            {
                throw new ArgumentException($"Two channel adapters are registered for channel '{adapter.Channel}'.", nameof(adapters));
            }
        }
    }

    /// <summary>The adapter for a channel, or null when none is registered.</summary>
    public IChannelAdapter? Find(string channel) => _adapters.GetValueOrDefault(channel);
}
