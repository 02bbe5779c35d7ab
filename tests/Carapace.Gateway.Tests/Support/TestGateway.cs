using Carapace.Core.Config;
using Carapace.Core.Turns;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.Support;

/// <summary>A real gateway on 127.0.0.1 (free port) in a temp state dir, answering through the echo test double.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private TestGateway(TempDirectory dir, GatewayHost host)
    {
        _dir = dir;
        Host = host;
    }

    public GatewayHost Host { get; }

    public EchoTurnDispatcher Echo => Host.Services.GetRequiredService<EchoTurnDispatcher>();

    public string StateDir => _dir.Path;

    /// <summary>Starts a gateway with an optional config text; the settings may be adjusted before the start.</summary>
    public static async Task<TestGateway> StartAsync(string? config = null, Func<CarapaceSettings, CarapaceSettings>? adjust = null, Action<IServiceCollection>? services = null)
    {
        var dir = new TempDirectory();
        try
        {
            var settings = await LoadSettingsAsync(dir, config);
            var host = await GatewayHost.StartAsync(adjust?.Invoke(settings) ?? settings, new GatewayStartOptions { Port = 0, ConfigureServices = s => { AddEchoPipeline(s); services?.Invoke(s); } }, CancellationToken.None);
            return new TestGateway(dir, host);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Registers the temporary echo pipeline and in-memory session store.</summary>
    public static void AddEchoPipeline(IServiceCollection services)
    {
        services.AddSingleton<InMemorySessionStore>();
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<InMemorySessionStore>());
        services.AddSingleton<EchoTurnDispatcher>();
        services.AddSingleton<ITurnDispatcher>(sp => sp.GetRequiredService<EchoTurnDispatcher>());
    }

    public static async Task<CarapaceSettings> LoadSettingsAsync(TempDirectory dir, string? config)
    {
        var paths = new CarapacePaths(dir.Path, dir.File("carapace.json"));
        if (config is not null)
        {
            await File.WriteAllTextAsync(paths.ConfigPath, config);
        }

        return await CarapaceSettings.LoadAsync(paths, CancellationToken.None);
    }

    public Task<GatewayClient> ConnectAsync() => GatewayClient.ConnectAsync(Host.WebSocketUrl, Host.Token, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _dir.Dispose();
    }
}
