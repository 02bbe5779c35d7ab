using System.Text.RegularExpressions;

namespace Carapace.Agent.Models;

/// <summary>Expands <c>${NAME}</c> references in config values from the environment, so keys need not be written into the file.</summary>
internal static partial class SecretReferences
{
    /// <summary>The value with every <c>${NAME}</c> replaced; null with the first missing variable's name when one is unset or empty.</summary>
    public static string? Expand(string value, Func<string, string?> environment, out string? missing)
    {
        string? firstMissing = null;
        var expanded = Reference().Replace(value, m =>
        {
            var found = environment(m.Groups[1].Value);
            if (string.IsNullOrEmpty(found))
            {
                firstMissing ??= m.Groups[1].Value;
                return "";
            }

            return found;
        });
        missing = firstMissing;
        return missing is null ? expanded : null;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();
}
