using System.Text.Json.Nodes;
using Carapace.Core.Config;

namespace Carapace.Core.Sessions;

/// <summary>Rejects a session setting written as the wrong shape, so it is reported instead of silently ignored.</summary>
internal static class ConfigShape
{
    /// <summary>True when the section is absent or an object; otherwise records an error showing the expected form.</summary>
    public static bool IsObjectOrAbsent(ConfigSection section, string example)
    {
        if (!section.Exists || section.Node is JsonObject)
        {
            return true;
        }

        section.Error($"expected an object like {example}");
        return false;
    }
}
