using Carapace.Core.Channels;
using Carapace.Gateway.Hosting;
using Carapace.Testing.Models;
using Carapace.Voice.Relay;
using Carapace.Voice.Relay.Caller;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Voice.Bench;

/// <summary>
/// The real gateway behind the relay: relay → CrabCallr adapter → dispatcher, SQLite session and transcript, prompt,
/// model over loopback HTTP (a scripted OpenAI-compatible server) → adapter → relay. Only the model is a stand-in.
/// </summary>
internal sealed class GatewayRig : IVoiceRig
{
    private readonly string _stateDir;

    private GatewayRig(string stateDir, FakeOpenAiServer model, RelayHost relay, GatewayHost gateway)
    {
        _stateDir = stateDir;
        Model = model;
        Relay = relay;
        Gateway = gateway;
    }

    public FakeOpenAiServer Model { get; }

    public RelayHost Relay { get; }

    public GatewayHost Gateway { get; }

    /// <summary>Starts it all; with <paramref name="streamed"/> false the channel hides streaming, so answers are spoken whole (the original plugin).</summary>
    public static async Task<GatewayRig> StartAsync(Func<RecordedRequest, ModelReply> model, bool streamed = true)
    {
        var stateDir = Directory.CreateTempSubdirectory("carapace-voice-bench-").FullName;
        var server = await FakeOpenAiServer.StartAsync();
        server.Script(model);
        var relay = await RelayAccess.StartAsync();
        var paths = new CarapacePaths(stateDir, Path.Combine(stateDir, "carapace.json"));
        await File.WriteAllTextAsync(paths.ConfigPath, $$"""
            {
              session: { dmScope: 'per-channel-peer' },
              agents: { defaults: { model: 'bench/scripted' } },
              models: { providers: { bench: { api: 'openai', baseUrl: '{{server.BaseUrl}}', apiKey: 'bench', maxRetries: 0 } } },
              channels: { crabcallr: { apiKey: '{{RelayAccess.ApiKey}}', serviceUrl: '{{relay.PluginUri}}', fillers: { enabled: false }, idle: { enabled: false } } },
            }
            """);
        var settings = await CarapaceSettings.LoadAsync(paths, CancellationToken.None);
        if (settings.Document.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException("bench config: " + string.Join("; ", settings.Document.Diagnostics));
        }

        var gateway = await GatewayHost.StartAsync(settings, new GatewayStartOptions
        {
            Port = 0,
            Environment = _ => null,
            ConfigureServices = streamed ? null : WholeAnswerAdapter.WrapAll,
        }, CancellationToken.None);
        return new GatewayRig(stateDir, server, relay, gateway);
    }

    public Task<VoiceCaller> CallerAsync(string agentId) => RelayAccess.CallerAsync(Relay, agentId);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Relay.DisposeAsync();
        await Model.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }
}
