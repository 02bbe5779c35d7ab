using Carapace.Channels.CrabCallr.Config;
using Carapace.Core.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Channels.CrabCallr.Tests;

public sealed class CrabCallrServiceCollectionExtensionsTests
{
    private const string Key = "cc_0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task AddCarapaceCrabCallr_Accounts_RegistersOneAdapterPerConnectableAccount()
    {
        var options = new CrabCallrChannelOptions
        {
            Accounts =
            [
                new CrabCallrOptions { AccountId = "home", ApiKey = Key },
                new CrabCallrOptions { AccountId = "work", ApiKey = Key },
                new CrabCallrOptions { AccountId = "manual", ApiKey = Key, AutoConnect = false },
                new CrabCallrOptions { AccountId = "keyless" },
            ],
        };
        var services = new ServiceCollection();

        services.AddCarapaceCrabCallr(options);
        await using var provider = services.BuildServiceProvider();

        var adapters = provider.GetServices<IChannelAdapter>().ToList();
        Assert.All(adapters, a => Assert.IsType<CrabCallrAdapter>(a));
        Assert.Equal(["home", "work"], adapters.Select(a => ((ChannelStatus)a.GetService(typeof(ChannelStatus))!).AccountId));
    }

    [Fact]
    public async Task AddCarapaceCrabCallr_NotConfigured_RegistersNothing()
    {
        var services = new ServiceCollection();

        services.AddCarapaceCrabCallr(new CrabCallrChannelOptions());
        await using var provider = services.BuildServiceProvider();

        Assert.Empty(provider.GetServices<IChannelAdapter>());
    }
}
