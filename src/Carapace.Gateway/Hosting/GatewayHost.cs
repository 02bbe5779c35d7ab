using Carapace.Agent;
using Carapace.Agent.Memory;
using Carapace.Channels.CrabCallr;
using Carapace.Core.Routing;
using Carapace.Sessions;
using Carapace.Sessions.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Carapace.Gateway.Hosting;

/// <summary>
/// The running gateway: Kestrel on the configured address (127.0.0.1 by default) with <c>/health</c> and <c>/ws</c>.
/// This is the application's composition root; every project's services are added here and nowhere else.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SqliteSessionDatabase _sessions;

    private GatewayHost(WebApplication app, SqliteSessionDatabase sessions, Uri baseUrl, GatewayToken token, CarapaceSettings settings)
    {
        _app = app;
        _sessions = sessions;
        BaseUrl = baseUrl;
        Token = token.Value;
        Settings = settings;
    }

    /// <summary>The HTTP address, e.g. <c>http://127.0.0.1:18789/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The client API address, e.g. <c>ws://127.0.0.1:18789/ws</c>.</summary>
    public Uri WebSocketUrl => new UriBuilder(BaseUrl) { Scheme = "ws", Path = "/ws" }.Uri;

    /// <summary>The web chat page with the token in the URL fragment (which browsers never send to the server).</summary>
    public Uri WebChatUrl => new UriBuilder(BaseUrl) { Path = WebChat.WebChatAssets.PagePath, Fragment = "token=" + Uri.EscapeDataString(Token) }.Uri;

    /// <summary>The token clients present.</summary>
    public string Token { get; }

    /// <summary>The settings the host runs with.</summary>
    public CarapaceSettings Settings { get; }

    /// <summary>The host's services, for tests that drive a channel adapter directly.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts listening; throws <see cref="InvalidOperationException"/> naming what is missing when it cannot.</summary>
    public static async Task<GatewayHost> StartAsync(CarapaceSettings settings, GatewayStartOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (settings.HasErrors)
        {
            throw new InvalidOperationException($"{settings.Paths.ConfigPath} has errors; fix them first (carapace config validate)");
        }

        Directory.CreateDirectory(settings.Paths.StateDir);
        var token = new GatewayToken(settings.Gateway.AuthToken ?? await GatewayTokenFile.LoadOrCreateAsync(settings.Paths.TokenPath, cancellationToken));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = settings.Paths.StateDir });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(settings.Gateway.ListenAddress, options.Port ?? settings.Gateway.Port));
        builder.Services.AddCarapaceGateway(settings, token);

        var sessions = await SqliteSessionDatabase.OpenAsync(settings.Paths.StateDir, cancellationToken);
        try
        {
            builder.Services.AddCarapaceSessions(sessions, settings.SessionPolicy, settings.Agents.UserTimeZone);
            builder.Services.AddSingleton(settings.SessionPolicy.SendPolicy);
            builder.Services.AddCarapaceCrabCallr(settings.CrabCallr);
            builder.Services.AddCarapaceAgent(settings.Agents, settings.Models, message => Router.Resolve(settings.Routing, message), options.Environment)
                .UseWorkspaceMemory(settings.Agents, settings.MemorySearch)
                .UseFactMemory(settings.Agents, settings.FactMemory, settings.MemorySearch);
            options.ConfigureServices?.Invoke(builder.Services);

            var app = builder.Build();
            app.MapCarapaceGateway();
            await app.StartAsync(cancellationToken);
            await app.Services.GetRequiredService<FactMemories>().StartAsync();
            _ = app.Services.GetService<WorkspaceMemories>()?.StartAsync(); // in the background: a large index takes seconds to load

            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new GatewayHost(app, sessions, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)), token, settings);
        }
        catch
        {
            await sessions.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (Ctrl+C), then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _sessions.DisposeAsync();
    }
}
