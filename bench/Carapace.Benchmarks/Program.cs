using BenchmarkDotNet.Running;
using Carapace.Benchmarks.Turns;

// "turns" runs the timed turn-overhead harness (percentiles need every sample); anything else goes to BenchmarkDotNet.
if (args is ["turns"])
{
    return await TurnOverheadHarness.RunAsync(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
