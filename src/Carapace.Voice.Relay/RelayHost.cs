using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Carapace.Voice.Relay;

/// <summary>A running relay on Kestrel: what <c>carapace voice relay</c>, the tests and the benchmark start and stop.</summary>
public sealed class RelayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelayHost(WebApplication app, VoiceRelay relay, Uri baseUri)
    {
        _app = app;
        Relay = relay;
        BaseUri = baseUri;
    }

    /// <summary>The routing core, for counts.</summary>
    public VoiceRelay Relay { get; }

    /// <summary>The bound HTTP address, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Where agent hosts connect (<c>channels.crabcallr.serviceUrl</c>).</summary>
    public Uri PluginUri => new($"ws://{BaseUri.Authority}/plugin");

    /// <summary>Where voice agents (and the caller simulator) connect.</summary>
    public Uri AgentUri => new($"ws://{BaseUri.Authority}/agent");

    /// <summary>Starts listening on <see cref="RelayOptions.Host"/>:<see cref="RelayOptions.Port"/>.</summary>
    public static async Task<RelayHost> StartAsync(RelayOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(options.Host, out var ip))
            {
                kestrel.Listen(ip, options.Port);
            }
            else
            {
                kestrel.ListenLocalhost(options.Port);
            }
        });
        var app = builder.Build();
        var relay = new VoiceRelay(options, timeProvider, loggerFactory.CreateLogger<VoiceRelay>());
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(10) });
        app.MapVoiceRelay(relay, timeProvider);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RelayHost(app, relay, new Uri(address.Replace("[::1]", "localhost", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
