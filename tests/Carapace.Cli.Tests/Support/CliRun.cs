using System.CommandLine;

namespace Carapace.Cli.Tests.Support;

/// <summary>Runs one command in-process with captured output, as the real binary would with those arguments.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(Command command, string[] args, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("test") { command };
        var stdout = output ?? new StringWriter();
        var stderr = new StringWriter();
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
        return (exit, stdout.ToString()!, stderr.ToString());
    }
}
