using System.Text.Json.Nodes;
using Carapace.Core.Config;

namespace Carapace.Core.Routing;

/// <summary>
/// One entry of <c>agents.list</c>: an agent bindings can route to. Workspace and model stay null when the entry does
/// not set them, so the agent layer can fall back to <see cref="AgentDefaults"/> itself.
/// </summary>
public sealed record AgentConfig
{
    /// <summary>The normalised agent id, as it appears in session keys.</summary>
    public required string Id { get; init; }

    /// <summary>The display name; the id when the entry gives none.</summary>
    public required string Name { get; init; }

    /// <summary>True when the entry is marked <c>default: true</c>.</summary>
    public bool IsDefault { get; init; }

    /// <summary>The agent's workspace directory as written (may start with <c>~</c>); null to use the default.</summary>
    public string? Workspace { get; init; }

    /// <summary>The model as <c>provider/model</c>; null to use the default.</summary>
    public string? Model { get; init; }

    /// <summary>An agent nobody configured (the implicit <c>main</c>, or a binding target when the list is empty).</summary>
    public static AgentConfig Implicit(string id) => new() { Id = SessionKeys.NormalizeAgentId(id), Name = SessionKeys.NormalizeAgentId(id) };

    /// <summary>Binds one <c>agents.list[]</c> item; null (with an error) when it has no id.</summary>
    internal static AgentConfig? Bind(ConfigSection item)
    {
        var rawId = item["id"].AsString();
        var isDefault = item["default"].AsBool(false);
        var name = item["name"].AsString();
        var workspace = item["workspace"].AsString();
        var model = BindModel(item["model"]);
        if (string.IsNullOrWhiteSpace(rawId))
        {
            item.Error("an agent needs an \"id\"");
            return null;
        }

        var id = SessionKeys.NormalizeAgentId(rawId);
        return new AgentConfig
        {
            Id = id,
            Name = string.IsNullOrWhiteSpace(name) ? id : name.Trim(),
            IsDefault = isDefault,
            Workspace = string.IsNullOrWhiteSpace(workspace) ? null : workspace.Trim(),
            Model = model,
        };
    }

    /// <summary>Reads a model given as <c>"provider/model"</c> or <c>{ primary: "provider/model" }</c>.</summary>
    internal static string? BindModel(ConfigSection section)
    {
        var value = section.Node is JsonObject ? section["primary"] : section;
        var text = value.AsString()?.Trim();
        if (text is null)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            value.Error($"expected \"provider/model\" (e.g. \"openai/gpt-4o-mini\") but found \"{text}\"");
            return null;
        }

        return text;
    }
}
