namespace Carapace.Agent.Models;

/// <summary>Providers that work without a <c>models.providers</c> entry: OpenAI and Anthropic with their usual key variables, and a local Ollama.</summary>
internal static class BuiltInProviders
{
    private static readonly Dictionary<string, ModelProviderOptions> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openai"] = new() { Id = "openai", BaseUrl = new Uri("https://api.openai.com/v1"), ApiKey = "${OPENAI_API_KEY}" },
        ["anthropic"] = new() { Id = "anthropic", Api = ModelApi.Anthropic, ApiKey = "${ANTHROPIC_API_KEY}" },
        ["ollama"] = new() { Id = "ollama", BaseUrl = new Uri("http://127.0.0.1:11434/v1") },
    };

    /// <summary>The provider for an id: the configured entry filled in from the built-in one of the same id, else the built-in, else null.</summary>
    public static ModelProviderOptions? Find(ModelsOptions options, string id)
    {
        Known.TryGetValue(id, out var builtIn);
        if (!options.Providers.TryGetValue(id, out var configured))
        {
            return builtIn;
        }

        return builtIn is null || configured.Api != builtIn.Api
            ? configured
            : configured with { BaseUrl = configured.BaseUrl ?? builtIn.BaseUrl, ApiKey = configured.ApiKey ?? builtIn.ApiKey };
    }
}
