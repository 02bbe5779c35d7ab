using System.Text;

namespace Carapace.Agent.Prompt;

/// <summary>
/// Reads the workspace bootstrap files for a prompt, each cut to the per-file limit and all together to the total
/// limit, without loading more of a huge file than it keeps. The files on disk are never changed.
/// </summary>
internal static class BootstrapFileReader
{
    /// <summary>The files every prompt may include, in prompt order.</summary>
    public static readonly IReadOnlyList<string> SharedFiles = ["AGENTS.md", "SOUL.md", "IDENTITY.md", "USER.md", "TOOLS.md"];

    /// <summary>
    /// Reads the named files that exist in <paramref name="workspace"/>, in order; <c>MEMORY.md</c> (else
    /// <c>memory.md</c>, never both) is added only when <paramref name="includeOwnerMemory"/>.
    /// </summary>
    public static async Task<IReadOnlyList<BootstrapFile>> ReadAsync(
        string workspace, bool includeOwnerMemory, int maxChars, int totalMaxChars, CancellationToken cancellationToken)
    {
        var names = SharedFiles.ToList();
        if (includeOwnerMemory && OwnerMemoryFile(workspace) is { } memory)
        {
            names.Add(memory);
        }

        var files = new List<BootstrapFile>();
        var budget = totalMaxChars;
        foreach (var name in names)
        {
            var path = Path.Combine(workspace, name);
            if (!File.Exists(path))
            {
                continue;
            }

            var file = await ReadOneAsync(path, name, Math.Min(maxChars, budget), cancellationToken);
            if (file.Text.Trim().Length == 0 && file.TruncatedChars == 0)
            {
                continue;
            }

            budget -= file.Text.Length;
            files.Add(file);
        }

        return files;
    }

    private static string? OwnerMemoryFile(string workspace)
    {
        if (File.Exists(Path.Combine(workspace, "MEMORY.md")))
        {
            return "MEMORY.md";
        }

        return File.Exists(Path.Combine(workspace, "memory.md")) ? "memory.md" : null;
    }

    private static async Task<BootstrapFile> ReadOneAsync(string path, string name, int keep, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var buffer = new char[Math.Max(keep, 0)];
            var kept = 0;
            while (kept < buffer.Length)
            {
                var read = await reader.ReadAsync(buffer.AsMemory(kept), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                kept += read;
            }

            long more = 0;
            var scratch = new char[8192];
            for (int read; (read = await reader.ReadAsync(scratch, cancellationToken)) > 0;)
            {
                more += read;
            }

            return new BootstrapFile(name, new string(buffer, 0, kept), more);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BootstrapFile(name, $"[{name} could not be read: {e.Message}]", 0);
        }
    }
}
