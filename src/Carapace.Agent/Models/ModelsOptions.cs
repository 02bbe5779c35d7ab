using Carapace.Core.Config;

namespace Carapace.Agent.Models;

/// <summary>The <c>models</c> section: the configured providers, by id (case-insensitive).</summary>
public sealed record ModelsOptions
{
    /// <summary>Configured providers; built-in <c>openai</c>, <c>anthropic</c> and <c>ollama</c> work without an entry.</summary>
    public IReadOnlyDictionary<string, ModelProviderOptions> Providers { get; init; } = new Dictionary<string, ModelProviderOptions>();

    /// <summary>Binds <c>models.providers</c>.</summary>
    public static ModelsOptions Bind(ConfigSection models)
    {
        var providers = new Dictionary<string, ModelProviderOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, section) in models["providers"].Entries())
        {
            if (!ModelReference.IsValidProviderId(id))
            {
                section.Error($"'{id}' is not a valid provider id; start with a letter or digit and use letters, digits, '-', '_' or '.'");
                continue;
            }

            providers[id] = ModelProviderOptions.Bind(id.ToLowerInvariant(), section);
        }

        return new ModelsOptions { Providers = providers };
    }
}
