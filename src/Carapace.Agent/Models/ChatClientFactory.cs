using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAI;

namespace Carapace.Agent.Models;

/// <summary>
/// Turns a model reference (<c>provider/model</c>) into a ready <see cref="IChatClient"/> (OpenAI-compatible or
/// Anthropic) wrapped with retries and timeouts, or into one line explaining what is missing. Clients are cached per
/// reference. Environment variables come through an injected lookup so tests control them.
/// </summary>
public sealed class ChatClientFactory : IDisposable
{
    /// <summary>The environment variable that names the model when the config does not.</summary>
    public const string ModelVariable = "CARAPACE_MODEL";

    private readonly ModelsOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RetryOptions _retryDefaults;
    private readonly ConcurrentDictionary<string, Lazy<ModelResolution>> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a factory over the <c>models</c> options; <paramref name="retryDefaults"/> sets the backoff curve (attempts and timeouts come from each provider).</summary>
    public ChatClientFactory(
        ModelsOptions options, Func<string, string?> environment, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, RetryOptions? retryDefaults = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _environment = environment;
        _time = timeProvider;
        _retryDefaults = retryDefaults ?? new RetryOptions();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RetryingChatClient>();
    }

    /// <summary>The client for a model reference; a blank reference falls back to <c>CARAPACE_MODEL</c>.</summary>
    public ModelResolution Resolve(string? modelReference)
    {
        var text = string.IsNullOrWhiteSpace(modelReference) ? _environment(ModelVariable) : modelReference;
        if (string.IsNullOrWhiteSpace(text))
        {
            return ModelResolution.NotConfigured(ModelResolution.NoModelMessage);
        }

        return _cache.GetOrAdd(text.Trim(), key => new Lazy<ModelResolution>(() => Create(key))).Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _cache.Values.Where(e => e.IsValueCreated))
        {
            entry.Value.Client?.Dispose();
        }

        _cache.Clear();
    }

    private ModelResolution Create(string text)
    {
        if (ModelReference.Parse(text, out var error) is not { } reference)
        {
            return ModelResolution.NotConfigured($"The configured model {error}.");
        }

        if (BuiltInProviders.Find(_options, reference.Provider) is not { } provider)
        {
            return ModelResolution.NotConfigured(
                $"Model {reference} names an unknown provider '{reference.Provider}': add models.providers.{reference.Provider} " +
                "{ api, baseUrl, apiKey } to the config, or use a built-in provider (openai, anthropic, ollama).");
        }

        string? apiKey = null;
        if (provider.ApiKey is { } configuredKey)
        {
            apiKey = SecretReferences.Expand(configuredKey, _environment, out var missing);
            if (apiKey is null)
            {
                return ModelResolution.NotConfigured(
                    $"Model {reference} needs an API key: set the {missing} environment variable or models.providers.{provider.Id}.apiKey.");
            }
        }

        var retries = _retryDefaults with { MaxRetries = provider.MaxRetries, AttemptTimeout = TimeSpan.FromSeconds(provider.TimeoutSeconds) };
        var inner = provider.Api == ModelApi.Anthropic ? Anthropic(provider, apiKey, reference.Model) : OpenAi(provider, apiKey, reference.Model);
        var client = new ChatClientBuilder(inner).UseRetries(retries, _time, _logger).Build();
        return new ModelResolution { Client = client, Reference = reference };
    }

    private static IChatClient OpenAi(ModelProviderOptions provider, string? apiKey, string model)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = provider.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = SdkBackstop(provider),
        };
        if (provider.Headers.Count > 0)
        {
            options.AddPolicy(new HeadersPolicy(provider.Headers), PipelinePosition.PerCall);
        }

        // Local servers (Ollama, llama.cpp) take no key, but the OpenAI library requires a non-empty one.
        var credential = new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey);
        return new OpenAIClient(credential, options).GetChatClient(model).AsIChatClient();
    }

    private static IChatClient Anthropic(ModelProviderOptions provider, string? apiKey, string model)
    {
        var options = new ClientOptions
        {
            ApiKey = apiKey,
            MaxRetries = 0,
            Timeout = SdkBackstop(provider),
            ExtraHeaders = provider.Headers,
        };
        if (provider.BaseUrl is { } baseUrl)
        {
            options.BaseUrl = baseUrl.ToString().TrimEnd('/');
        }

        return new AnthropicClient(options).AsIChatClient(model);
    }

    // Our RetryingChatClient enforces the timeout on the TimeProvider; the library's own limit is only a backstop.
    private static TimeSpan SdkBackstop(ModelProviderOptions provider) => TimeSpan.FromSeconds(provider.TimeoutSeconds + 60);
}
