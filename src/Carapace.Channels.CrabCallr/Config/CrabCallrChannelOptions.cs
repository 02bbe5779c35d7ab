using Carapace.Core.Config;

namespace Carapace.Channels.CrabCallr.Config;

/// <summary>
/// Everything under <c>channels.crabcallr</c> except <c>identity</c> (bound by the router): the accounts to connect,
/// each the base keys overlaid with its <c>accounts.&lt;id&gt;</c> entry.
/// </summary>
public sealed record CrabCallrChannelOptions
{
    /// <summary>The enabled accounts; empty when the channel is not configured.</summary>
    public IReadOnlyList<CrabCallrOptions> Accounts { get; init; } = [];

    /// <summary>Binds <c>channels.crabcallr</c>; with no <c>accounts</c>, the base keys form the account <c>default</c>.</summary>
    public static CrabCallrChannelOptions Bind(ConfigSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!section.Exists)
        {
            return new CrabCallrChannelOptions();
        }

        var accountsSection = section["accounts"];
        var baseOptions = CrabCallrOptions.BindAccount(section, "default", new CrabCallrOptions(), requireKey: !accountsSection.Exists);
        var accounts = accountsSection.Exists
            ? accountsSection.Entries().Select(e => CrabCallrOptions.BindAccount(e.Value, e.Key, baseOptions, requireKey: true)).ToList()
            : [baseOptions];
        return new CrabCallrChannelOptions { Accounts = accounts.Where(a => a.Enabled).ToArray() };
    }
}
