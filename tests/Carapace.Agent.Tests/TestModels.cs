using Carapace.Agent.Models;
using Carapace.Core.Config;
using Carapace.Testing.Models;

namespace Carapace.Agent.Tests;

/// <summary>Builds real model clients pointed at the fake servers, with a controlled environment and zero backoff.</summary>
internal static class TestModels
{
    public static ChatClientFactory Factory(FakeModelServer server, TimeProvider? time = null, int maxRetries = 3, int timeoutSeconds = 120, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (api, url) = server switch
        {
            FakeOpenAiServer openAi => ("openai", openAi.BaseUrl),
            FakeAnthropicServer anthropic => ("anthropic", anthropic.BaseUrl),
            _ => throw new ArgumentException("unknown fake server", nameof(server)),
        };
        var doc = ConfigDocument.Parse(
            $"{{ providers: {{ fake: {{ api: '{api}', baseUrl: '{url}', apiKey: 'test-key', maxRetries: {maxRetries}, timeoutSeconds: {timeoutSeconds} }} }} }}",
            "test.json5");
        var options = ModelsOptions.Bind(doc.Root);
        Assert.Empty(doc.Diagnostics);
        var env = environment ?? new Dictionary<string, string>();
        return new ChatClientFactory(options, name => env.GetValueOrDefault(name), time ?? TimeProvider.System, retryDefaults: new RetryOptions { BaseDelay = TimeSpan.Zero });
    }
}
