using Carapace.Core.Config;

namespace Carapace.Agent.Models;

/// <summary>
/// One entry of <c>models.providers.&lt;id&gt;</c>: where a provider lives and how to authenticate, so any
/// OpenAI-compatible server or Anthropic can be used by naming it in a model reference <c>id/model</c>.
/// </summary>
public sealed record ModelProviderOptions
{
    /// <summary>The provider id used in model references.</summary>
    public required string Id { get; init; }

    /// <summary>The wire protocol; default <see cref="ModelApi.OpenAi"/>.</summary>
    public ModelApi Api { get; init; } = ModelApi.OpenAi;

    /// <summary>The API base URL, e.g. <c>http://127.0.0.1:11434/v1</c>; null uses the library's default endpoint.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The API key, or a <c>${ENV_VAR}</c> reference resolved when the client is created; null sends none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Extra HTTP headers sent with every request.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Seconds one attempt may take (for streams: may pass without a new chunk); default 120.</summary>
    public int TimeoutSeconds { get; init; } = 120;

    /// <summary>Retries after a 429, a 5xx, a network error or a timeout; default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Binds one provider entry; problems are reported on the section and defaults are kept.</summary>
    public static ModelProviderOptions Bind(string id, ConfigSection section)
    {
        var defaults = new ModelProviderOptions { Id = id };
        var baseUrl = section["baseUrl"].AsString();
        Uri? uri = null;
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https")))
        {
            section["baseUrl"].Error($"'{baseUrl}' is not an http(s) URL; e.g. \"http://127.0.0.1:11434/v1\"");
            uri = null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in section["headers"].Entries())
        {
            if (value.AsString() is { } text)
            {
                headers[name] = text;
            }
        }

        return defaults with
        {
            Api = section["api"].AsChoice("openai", "openai", "anthropic") == "anthropic" ? ModelApi.Anthropic : ModelApi.OpenAi,
            BaseUrl = uri,
            ApiKey = section["apiKey"].AsString(),
            Headers = headers,
            TimeoutSeconds = section["timeoutSeconds"].AsInt(defaults.TimeoutSeconds, 1, 3600),
            MaxRetries = section["maxRetries"].AsInt(defaults.MaxRetries, 0, 10),
        };
    }
}
