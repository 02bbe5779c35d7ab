using Carapace.Core.Channels;
using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Agent.Turns;

/// <summary>
/// The channel adapters by channel name and account, so a reply is sent through the channel and account of its own
/// route and nowhere else. An adapter serves the account its <see cref="ChannelStatus"/> names; one without a status
/// serves every account of its channel.
/// </summary>
public sealed class ChannelRegistry
{
    private readonly Dictionary<string, List<(string? Account, IChannelAdapter Adapter)>> _adapters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers the adapters; two adapters for one channel and account are a wiring error.</summary>
    public ChannelRegistry(IEnumerable<IChannelAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        foreach (var adapter in adapters)
        {
            var account = (adapter.GetService(typeof(ChannelStatus)) as ChannelStatus)?.AccountId is { } id ? SessionKeys.NormalizeAccountId(id) : null;
            if (!_adapters.TryGetValue(adapter.Channel, out var list))
            {
                _adapters[adapter.Channel] = list = [];
            }

            if (list.Exists(e => e.Account is null || account is null || e.Account == account))
            {
                throw new ArgumentException($"Two channel adapters are registered for channel '{adapter.Channel}' account '{account ?? "(any)"}'.", nameof(adapters));
            }

            list.Add((account, adapter));
        }
    }

    /// <summary>An adapter of a channel (all accounts of a channel share its capabilities), or null when none is registered.</summary>
    public IChannelAdapter? Find(string channel) => _adapters.GetValueOrDefault(channel)?[0].Adapter;

    /// <summary>The adapter for the target's channel and account, or null when none serves them.</summary>
    public IChannelAdapter? Find(DeliveryTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var account = SessionKeys.NormalizeAccountId(target.AccountId);
        return _adapters.GetValueOrDefault(target.Channel)?.Find(e => e.Account is null || e.Account == account).Adapter;
    }
}
