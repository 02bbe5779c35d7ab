using System.Diagnostics;

namespace Carapace.Testing.Browser;

/// <summary>
/// Finds the Chromium the browser tests drive: <c>CARAPACE_CHROMIUM</c>, else the usual paths. On a Debian machine
/// without one, running as root, it installs Debian's <c>chromium</c> package once (the registry is reachable from CI);
/// anywhere else it fails with the command that fixes it.
/// </summary>
public static class ChromiumBinary
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The path of a Chromium executable, installing Debian's package when possible.</summary>
    public static async Task<string> FindOrInstallAsync(CancellationToken cancellationToken)
    {
        if (Find() is { } found)
        {
            return found;
        }

        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (Find() is { } raced)
            {
                return raced;
            }

            if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
            {
                throw new InvalidOperationException(
                    "the browser tests need Chromium: install it (Debian: apt-get install chromium) or set CARAPACE_CHROMIUM to its path");
            }

            await RunAsync("apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium", cancellationToken);
            return Find() ?? throw new InvalidOperationException("apt-get installed chromium but /usr/bin/chromium is still missing");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static string? Find() =>
        Environment.GetEnvironmentVariable("CARAPACE_CHROMIUM") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    private static async Task RunAsync(string script, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("could not start /bin/sh to install chromium");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"installing chromium failed (exit {process.ExitCode}): {await error}{await output}");
        }
    }
}
