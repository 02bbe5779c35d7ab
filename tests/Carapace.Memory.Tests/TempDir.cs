namespace Carapace.Memory.Tests;

/// <summary>A temporary directory deleted when the test ends.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("carapace-memory-test-").FullName;

    public string Path { get; }

    public string Workspace => System.IO.Path.Combine(Path, "workspace");

    public string File(string relative, string content)
    {
        var full = System.IO.Path.Combine(Workspace, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a watcher may still hold a handle for a moment; the OS temp cleaner takes the rest
        }
    }
}
