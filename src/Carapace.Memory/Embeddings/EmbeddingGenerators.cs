using System.ClientModel;
using Microsoft.Extensions.AI;
using Carapace.Memory.Embeddings.Static;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Embeddings;

namespace Carapace.Memory.Embeddings;

/// <summary>Builds the configured embedding generator and names it for the index identity, so vectors of two models never mix.</summary>
public static class EmbeddingGenerators
{
    /// <summary>
    /// The generator for <paramref name="options"/> and its identity (<c>provider:model</c>); null for provider <c>none</c>.
    /// <paramref name="logger"/> hears the static model's one-time distillation.
    /// </summary>
    public static (IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity) Create(EmbeddingOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Provider)
        {
            case "none":
                return (null, "none");
            case "openai" or "ollama":
                var ollama = options.Provider == "ollama";
                var model = options.Model ?? (ollama ? "nomic-embed-text" : "text-embedding-3-small");
                var baseUrl = options.BaseUrl ?? (ollama ? "http://127.0.0.1:11434/v1" : "https://api.openai.com/v1");
                var key = options.ApiKey ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? (ollama ? "ollama" : "");
                var client = new EmbeddingClient(model, new ApiKeyCredential(key.Length == 0 ? "missing-key" : key), new OpenAIClientOptions { Endpoint = new Uri(baseUrl) });
                return (QueryEmbeddingCache.Wrap(client.AsIEmbeddingGenerator()), $"{options.Provider}:{model}@{baseUrl.TrimEnd('/')}");
            default:
                var local = LocalModel(options.Model);
                IEmbeddingGenerator<string, Embedding<float>> generator = local == LocalEmbeddingModel.ArcticXsStatic
                    ? new StaticEmbeddingGenerator(
                        options.ModelCacheDirectory ?? throw new ArgumentException("memory.search.local.modelCacheDir: the static model needs a directory for its table (the gateway sets <state>/models)", nameof(options)),
                        logger)
                    : new LocalEmbeddingGenerator(local, options.QuantizedQueries);
                return (QueryEmbeddingCache.Wrap(generator), "local:" + LocalEmbeddingGenerator.ModelId(local));
        }
    }

    /// <summary>
    /// The local model used when none is named: Arctic-XS, which is trained for retrieval and beat MiniLM on LoCoMo
    /// (dialog recall@10 67.3 vs 64.6 on the same index settings) at the same size and speed.
    /// </summary>
    public const LocalEmbeddingModel DefaultLocalModel = LocalEmbeddingModel.ArcticXs;

    /// <summary>The local model a <c>model</c> setting names: <c>arctic-xs</c> (or its full id), <c>arctic-xs-static</c> (or <c>static</c>) or <c>minilm</c>; anything else means the default.</summary>
    public static LocalEmbeddingModel LocalModel(string? name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            "arctic-xs-static" or "static" => LocalEmbeddingModel.ArcticXsStatic,
            "arctic-xs" or "snowflake-arctic-embed-xs" or "snowflake/snowflake-arctic-embed-xs" => LocalEmbeddingModel.ArcticXs,
            "minilm" or "all-minilm-l6-v2" or "sentence-transformers/all-minilm-l6-v2" => LocalEmbeddingModel.MiniLm,
            _ => DefaultLocalModel,
        };
}
