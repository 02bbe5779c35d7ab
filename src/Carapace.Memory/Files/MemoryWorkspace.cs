using System.Text;
using Carapace.Core.Memory;

namespace Carapace.Memory.Files;

/// <summary>
/// The owner's markdown memory in an agent workspace: MEMORY.md and daily logs. Every call takes a
/// <see cref="MemoryScope"/>, and only scopes that may read the owner's files get anything; writes only append.
/// </summary>
public sealed class MemoryWorkspace
{
    /// <summary>The largest text one write may append.</summary>
    public const int MaxWriteChars = 16_000;

    /// <summary>The message given to scopes that may not see the owner's files.</summary>
    public const string OwnerOnly = "the owner's memory files are private to the owner's direct chats; nothing from them is shown here";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _userZone;

    /// <summary>Creates a workspace rooted at <paramref name="root"/>; dates of daily logs are taken in <paramref name="userZone"/>.</summary>
    public MemoryWorkspace(string root, TimeProvider time, TimeZoneInfo userZone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _userZone = userZone ?? throw new ArgumentNullException(nameof(userZone));
    }

    /// <summary>The absolute workspace directory.</summary>
    public string Root { get; }

    /// <summary>Today's date in the user's time zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), _userZone).DateTime);

    /// <summary>Reads lines of a memory file (1-based <paramref name="from"/>, <paramref name="lines"/> lines, or the rest).</summary>
    public async Task<MemoryFileText> ReadAsync(MemoryScope scope, string path, int? from, int? lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (relative, error) = MemoryPath.Validate(path);
        if (relative is null)
        {
            return new MemoryFileText(path ?? "", "", error);
        }

        if (!scope.MayReadOwnerFiles)
        {
            return new MemoryFileText(relative, "", OwnerOnly);
        }

        if (from is < 1 || lines is < 0)
        {
            return new MemoryFileText(relative, "", "from must be 1 or more and lines 0 or more (lines are 1-based)");
        }

        var full = Resolve(relative, out var linkError);
        if (full is null)
        {
            return new MemoryFileText(relative, "", linkError);
        }

        if (!File.Exists(full))
        {
            return new MemoryFileText(relative, "");
        }

        var all = await File.ReadAllLinesAsync(full, cancellationToken).ConfigureAwait(false);
        var skip = (from ?? 1) - 1;
        var take = lines ?? int.MaxValue;
        return new MemoryFileText(relative, string.Join('\n', all.Skip(skip).Take(take)));
    }

    /// <summary>Appends text to today's daily log or MEMORY.md; returns the relative path written, or an error.</summary>
    public async Task<(string? Path, string? Error)> AppendAsync(MemoryScope scope, MemoryWriteTarget target, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.MayReadOwnerFiles)
        {
            return (null, "memory_write is only available in the owner's direct chat; nothing was written");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "text is empty; nothing was written");
        }

        if (text.Length > MaxWriteChars)
        {
            return (null, $"text is {text.Length} characters; at most {MaxWriteChars} may be written at once");
        }

        var relative = target == MemoryWriteTarget.Daily ? MemoryPath.DailyLog(Today) : MemoryPath.Curated;
        var full = Resolve(relative, out var linkError);
        if (full is null)
        {
            return (null, linkError);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            var prefix = NeedsNewline(full) ? "\n" : "";
            var body = text.Replace("\r\n", "\n").TrimEnd('\n');
            await using var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(prefix + body + "\n"), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        return (relative, null);
    }

    /// <summary>The memory files present (relative paths), skipping symlinks; for the indexer, which scopes every chunk it stores.</summary>
    internal IReadOnlyList<string> ListFiles()
    {
        var files = new List<string>();
        foreach (var name in new[] { "MEMORY.md", "memory.md" })
        {
            var path = Path.Combine(Root, name);
            if (File.Exists(path) && !IsLink(path))
            {
                files.Add(name);
                break;
            }
        }

        var folder = Path.Combine(Root, MemoryPath.Folder);
        if (Directory.Exists(folder) && !IsLink(folder))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden, MatchCasing = MatchCasing.CaseInsensitive };
            files.AddRange(Directory.EnumerateFiles(folder, "*.md", options)
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal));
        }

        return files;
    }

    /// <summary>The absolute path of a validated relative path, or null with an error when a symlink is on the way.</summary>
    internal string? Resolve(string relative, out string? error)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            error = $"'{relative}' is outside the workspace";
            return null;
        }

        for (var p = full; p.Length > Root.Length; p = Path.GetDirectoryName(p)!)
        {
            if (IsLink(p))
            {
                error = $"'{relative}' goes through a symbolic link; memory files must be real files inside the workspace";
                return null;
            }
        }

        error = null;
        return full;
    }

    private static bool IsLink(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.LinkTarget is not null : new DirectoryInfo(path) is { Exists: true, LinkTarget: not null };
    }

    private static bool NeedsNewline(string full)
    {
        var info = new FileInfo(full);
        if (!info.Exists || info.Length == 0)
        {
            return false;
        }

        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }
}
