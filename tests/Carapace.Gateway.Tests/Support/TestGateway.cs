using Carapace.Gateway.Clients;
using Carapace.Gateway.Hosting;
using Carapace.Sessions.Abstractions;
using Carapace.Testing.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Carapace.Gateway.Tests.Support;

/// <summary>
/// A real gateway on 127.0.0.1 (free port) in a temp state dir, running the real pipeline (router, SQLite sessions,
/// lanes, agent) against a scripted fake OpenAI server that, unless a test scripts otherwise, answers "echo: &lt;the
/// user's last message&gt;". The process environment never reaches it, so developer API keys cannot leak in.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private TestGateway(TempDirectory dir, FakeOpenAiServer model, GatewayHost host)
    {
        _dir = dir;
        Model = model;
        Host = host;
    }

    public GatewayHost Host { get; }

    /// <summary>The fake model server; it records every prompt.</summary>
    public FakeOpenAiServer Model { get; }

    public string StateDir => _dir.Path;

    /// <summary>
    /// Starts a gateway. <paramref name="config"/> holds extra top-level config members (JSON5 without the outer braces,
    /// e.g. <c>gateway: { maxTextChars: 10 }</c>); with <paramref name="withModel"/> the config also points model
    /// <c>fake/test</c> at the fake server. The settings may be adjusted and services added before the start. Automatic
    /// memory capture is off unless <paramref name="memoryCapture"/> is set, so the fake model sees only turn prompts.
    /// </summary>
    public static async Task<TestGateway> StartAsync(
        string? config = null, bool withModel = true, Func<CarapaceSettings, CarapaceSettings>? adjust = null, Action<IServiceCollection>? services = null,
        bool memoryCapture = false)
    {
        var dir = new TempDirectory();
        var model = await FakeOpenAiServer.StartAsync();
        model.Script(Echo);
        try
        {
            var settings = await LoadSettingsAsync(dir, Config(withModel ? model : null, config));
            var start = new GatewayStartOptions { Port = 0, Environment = _ => null, ConfigureServices = services };
            var host = await GatewayHost.StartAsync(WithCapture(adjust?.Invoke(settings) ?? settings, memoryCapture), start, CancellationToken.None);
            return new TestGateway(dir, model, host);
        }
        catch
        {
            await model.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    /// <summary>The settings with automatic memory capture switched on or off.</summary>
    public static CarapaceSettings WithCapture(CarapaceSettings settings, bool enabled) =>
        settings with { FactMemory = settings.FactMemory with { Capture = settings.FactMemory.Capture with { Enabled = enabled } } };

    /// <summary>The default script: "echo: " and the last user message of the prompt.</summary>
    public static ModelReply Echo(RecordedRequest request) => ModelReply.WithText("echo: " + LastUserText(request));

    /// <summary>The text of the last user message of a prompt: the message the turn answers.</summary>
    public static string LastUserText(RecordedRequest request) => request.Messages.LastOrDefault(m => m.Role == "user")?.Text ?? "";

    /// <summary>A whole config: the fake model (when given) plus the extra members.</summary>
    public static string Config(FakeOpenAiServer? model, string? members)
    {
        var modelMembers = model is null ? "" :
            $"models: {{ providers: {{ fake: {{ baseUrl: '{model.BaseUrl}', apiKey: 'test-key', maxRetries: 0 }} }} }}, agents: {{ defaults: {{ model: 'fake/test' }} }},";
        return $"{{ {modelMembers} {members} }}";
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

    /// <summary>The current transcript of a session key, read from the gateway's own session store; empty when the key has no session.</summary>
    public async Task<IReadOnlyList<TranscriptEntry>> TranscriptAsync(string sessionKey)
    {
        var session = await Host.Services.GetRequiredService<ISessionStore>().GetAsync(sessionKey, CancellationToken.None);
        return session is null ? [] : await Host.Services.GetRequiredService<ITranscriptStore>().ReadAsync(session.SessionId, 0, CancellationToken.None);
    }

    /// <summary>Every stored session key, sorted.</summary>
    public async Task<IReadOnlyList<string>> SessionKeysAsync()
    {
        var keys = new List<string>();
        await foreach (var entry in Host.Services.GetRequiredService<ISessionStore>().ListAsync(CancellationToken.None))
        {
            keys.Add(entry.Key);
        }

        return [.. keys.Order(StringComparer.Ordinal)];
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Model.DisposeAsync();
        _dir.Dispose();
    }
}
