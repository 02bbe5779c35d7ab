using System.CommandLine;
using Carapace.Cli.Doctor;
using Carapace.Gateway.Hosting;

namespace Carapace.Cli.Commands;

/// <summary><c>carapace doctor</c>: checks config, state dir, sessions database, model, running gateway and local embeddings, with a fix for each problem.</summary>
public static class DoctorCommand
{
    public static Command Create() => Create(() => CarapacePaths.FromProcess());

    internal static Command Create(Func<CarapacePaths> paths)
    {
        var command = new Command("doctor", "Check that Carapace is set up correctly; exits non-zero when something is broken.");
        command.SetAction((parse, ct) => RunAsync(paths(), parse.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task<int> RunAsync(CarapacePaths paths, TextWriter output, CancellationToken cancellationToken)
    {
        var settings = await CarapaceSettings.LoadAsync(paths, cancellationToken);
        using var http = new HttpClient();
        var results = new List<DoctorResult>
        {
            DoctorChecks.Config(settings),
            await DoctorChecks.StateDirAsync(paths, cancellationToken),
            await DoctorChecks.SessionsDatabaseAsync(paths, cancellationToken),
            DoctorChecks.Model(settings),
            // Integration hook: when a model is configured, the agent project's reachability probe (few-second timeout) goes here.
            await DoctorChecks.GatewayAsync(settings, http, cancellationToken),
            DoctorChecks.Embeddings(),
        };

        foreach (var result in results)
        {
            await output.WriteLineAsync(result.ToString());
        }

        var failures = results.Count(r => r.Status == DoctorStatus.Fail);
        await output.WriteLineAsync(failures == 0 ? "Everything needed to run is in order." : $"{failures} problem(s) to fix before Carapace runs properly.");
        return failures == 0 ? 0 : 1;
    }
}
