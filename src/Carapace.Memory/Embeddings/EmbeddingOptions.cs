using Carapace.Core.Config;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Which embeddings memory uses: <c>local</c> (default, Arctic-XS in-process, no network; or its distilled static
/// model, <c>arctic-xs-static</c>, for fast indexing), <c>openai</c> or
/// <c>ollama</c> (any OpenAI-compatible <c>/v1/embeddings</c> endpoint), or <c>none</c> for keyword-only search.
/// </summary>
public sealed record EmbeddingOptions
{
    /// <summary>The provider. Default <c>local</c>.</summary>
    public string Provider { get; init; } = "local";

    /// <summary>The model; empty means the provider's default.</summary>
    public string? Model { get; init; }

    /// <summary>Base URL of a remote endpoint (up to and including <c>/v1</c>).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>API key for a remote endpoint.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Where distilled local models (the static table) are stored. Default <c>&lt;state&gt;/models</c> (null here).</summary>
    public string? ModelCacheDirectory { get; init; }

    /// <summary>
    /// Whether Arctic-XS embeds search queries with one-byte weights (faster; cosine ~0.998 to float32, passages stay
    /// float32). Default on; <c>local.quantizedQueries: false</c> turns it off.
    /// </summary>
    public bool QuantizedQueries { get; init; } = true;

    private static bool IsLocalModel(string name) =>
        name.Trim().ToLowerInvariant() is "arctic-xs" or "snowflake-arctic-embed-xs" or "snowflake/snowflake-arctic-embed-xs"
            or "arctic-xs-static" or "static" or "minilm" or "all-minilm-l6-v2" or "sentence-transformers/all-minilm-l6-v2";

    /// <summary>Reads <c>provider</c>, <c>model</c>, <c>remote.{baseUrl, apiKey}</c>, <c>local.modelCacheDir</c> and <c>local.quantizedQueries</c> of a memory search section.</summary>
    public static EmbeddingOptions Bind(ConfigSection section)
    {
        var provider = section["provider"].AsChoice("local", "local", "openai", "ollama", "none", "auto");
        var baseUrl = section["remote"]["baseUrl"].AsString();
        if (baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            section["remote"]["baseUrl"].Error($"'{baseUrl}' is not an absolute URL such as http://127.0.0.1:11434/v1");
            baseUrl = null;
        }

        var model = section["model"].AsString();
        if (provider is "local" or "auto" && model is not null && !IsLocalModel(model))
        {
            section["model"].Error($"'{model}' is not a local model; valid: arctic-xs, arctic-xs-static, minilm (or set provider to openai or ollama)");
            model = null;
        }

        return new EmbeddingOptions
        {
            Provider = provider == "auto" ? "local" : provider,
            Model = model,
            BaseUrl = baseUrl,
            ApiKey = section["remote"]["apiKey"].AsString(),
            ModelCacheDirectory = section["local"]["modelCacheDir"].AsString(),
            QuantizedQueries = section["local"]["quantizedQueries"].AsBool(true),
        };
    }
}
