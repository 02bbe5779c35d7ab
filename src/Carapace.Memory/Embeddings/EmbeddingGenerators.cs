using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;

namespace Carapace.Memory.Embeddings;

/// <summary>Builds the configured embedding generator and names it for the index identity, so vectors of two models never mix.</summary>
public static class EmbeddingGenerators
{
    /// <summary>The generator for <paramref name="options"/> and its identity (<c>provider:model</c>); null for provider <c>none</c>.</summary>
    public static (IEmbeddingGenerator<string, Embedding<float>>? Generator, string Identity) Create(EmbeddingOptions options)
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
                return (client.AsIEmbeddingGenerator(), $"{options.Provider}:{model}@{baseUrl.TrimEnd('/')}");
            default:
                return (new MiniLmEmbeddingGenerator(), "local:" + MiniLmEmbeddingGenerator.ModelId);
        }
    }
}
