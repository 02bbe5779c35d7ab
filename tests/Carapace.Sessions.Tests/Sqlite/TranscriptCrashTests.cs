using System.Diagnostics;
using System.Globalization;
using Carapace.Sessions.Sqlite;

namespace Carapace.Sessions.Tests.Sqlite;

/// <summary>Invariant 4: a message acknowledged to a channel is durable, even when the process is killed with SIGKILL.</summary>
public sealed class TranscriptCrashTests
{
    private const int AcksBeforeKill = 300;

    [Fact]
    public async Task AcknowledgedMessageIsDurableAfterKill9()
    {
        var directory = TempSessionDatabase.NewDirectory();
        var sessionId = Guid.NewGuid().ToString();
        var acked = new List<(long Seq, string Text)>();
        using var probe = StartProbe(directory, sessionId, count: 5_000_000);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (acked.Count < AcksBeforeKill)
            {
                var line = await probe.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"the probe exited early: {await probe.StandardError.ReadToEndAsync(timeout.Token)}");
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                acked.Add((long.Parse(line[..space], CultureInfo.InvariantCulture), line[(space + 1)..]));
            }

            probe.Kill(entireProcessTree: true);
            await probe.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, probe.ExitCode);

            await using var database = await SqliteSessionDatabase.OpenAsync(directory, CancellationToken.None);
            var stored = await new SqliteTranscriptStore(database).ReadAsync(sessionId, 0, CancellationToken.None);
            var bySeq = stored.ToDictionary(l => l.Seq, l => l.Text);
            foreach (var (seq, text) in acked)
            {
                Assert.True(bySeq.TryGetValue(seq, out var found), $"acknowledged line {seq} is missing after the kill");
                Assert.Equal(text, found);
            }

            // Nothing torn or reordered: the stored lines are exactly the burst's first N lines, N ≥ acknowledged.
            Assert.InRange(stored.Count, acked.Count, 5_000_000 - 1);
            Assert.Equal(stored.Select((_, i) => $"burst-{i:D7}-"), stored.Select(l => l.Text[..14]));
        }
        finally
        {
            if (!probe.HasExited)
            {
                probe.Kill(entireProcessTree: true);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static Process StartProbe(string directory, string sessionId, int count)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ProbePath());
        info.ArgumentList.Add(directory);
        info.ArgumentList.Add(sessionId);
        info.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the crash probe");
    }

    /// <summary>The probe's build output next to ours: tests/Carapace.Sessions.CrashProbe/bin/&lt;config&gt;/&lt;tfm&gt;/.</summary>
    private static string ProbePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Carapace.Sessions.CrashProbe", "bin", configuration, tfm, "Carapace.Sessions.CrashProbe.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build tests/Carapace.Sessions.CrashProbe first; not found at {path}", path);
    }
}
