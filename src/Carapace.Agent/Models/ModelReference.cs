namespace Carapace.Agent.Models;

/// <summary>A model named as <c>provider/model</c> (e.g. <c>openai/gpt-4o-mini</c>, <c>ollama/llama3.2</c>), the form agents use in config.</summary>
public sealed record ModelReference(string Provider, string Model)
{
    /// <summary>Parses <c>provider/model</c>; the model part may itself contain slashes. Returns null with a reason when malformed.</summary>
    public static ModelReference? Parse(string? text, out string error)
    {
        error = "";
        var trimmed = text?.Trim() ?? "";
        var slash = trimmed.IndexOf('/');
        if (slash <= 0 || slash == trimmed.Length - 1)
        {
            error = $"'{text}' is not a model reference; write provider/model, e.g. \"openai/gpt-4o-mini\" or \"ollama/llama3.2\"";
            return null;
        }

        var provider = trimmed[..slash];
        var model = trimmed[(slash + 1)..];
        if (!IsValidProviderId(provider) || model.Any(char.IsWhiteSpace))
        {
            error = $"'{text}' is not a model reference; the provider starts with a letter or digit and may use letters, digits, '-', '_' or '.', and neither part may contain spaces";
            return null;
        }

        return new ModelReference(provider.ToLowerInvariant(), model);
    }

    /// <summary>True for ids of ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c> that start with a letter or digit.</summary>
    public static bool IsValidProviderId(string id) =>
        id.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <inheritdoc />
    public override string ToString() => $"{Provider}/{Model}";
}
