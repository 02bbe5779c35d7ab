using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Cli.Tests;

public sealed class ConfigCommandTests
{
    [Fact]
    public async Task Validate_ValidFile_ExitZero()
    {
        using var dir = new TempDirectory();
        var file = dir.File("c.json5");
        await File.WriteAllTextAsync(file, "// mine\n{ gateway: { port: 9000, }, }");

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate", file]);

        Assert.Equal(0, exit);
        Assert.Equal($"✓ {file} is valid (0 warnings)", output.Trim());
    }

    [Fact]
    public async Task Validate_WarningsOnly_PrintedAndExitZero()
    {
        using var dir = new TempDirectory();
        var file = dir.File("c.json");
        await File.WriteAllTextAsync(file, "{\n  gateway: { bind: '0.0.0.0' },\n  extra: 1,\n}");

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate", file]);

        Assert.Equal(0, exit);
        var lines = output.Trim().Split('\n');
        Assert.StartsWith($"{file}:2: warning: gateway.bind: the gateway listens on 0.0.0.0", lines[0]);
        Assert.Equal($"{file}:3: warning: extra: unknown key, ignored", lines[1]);
        Assert.Equal($"✓ {file} is valid (2 warnings)", lines[2]);
    }

    [Fact]
    public async Task Validate_Errors_NamesFileLineAndKeyExitTwo()
    {
        using var dir = new TempDirectory();
        var file = dir.File("carapace.json");
        await File.WriteAllTextAsync(file, "{\n  gateway: {\n    port: 'eighty',\n    bind: 'somewhere',\n  },\n}");

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate"]);

        Assert.Equal(ConfigCommand.InvalidConfig, exit);
        Assert.Contains($"{file}:3: error: gateway.port: expected a number but found the string \"eighty\"", output);
        Assert.Contains($"{file}:4: error: gateway.bind: 'somewhere' is not an IP address", output);
        Assert.Contains("2 errors, 0 warnings", output);
    }

    [Fact]
    public async Task Validate_SyntaxError_LineAndColumnExitTwo()
    {
        using var dir = new TempDirectory();
        var file = dir.File("carapace.json");
        await File.WriteAllTextAsync(file, "{\n  gateway: { port: 1 \n");

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate", file]);

        Assert.Equal(2, exit);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(file)}:\\d+: error: syntax error at column", output);
    }

    [Fact]
    public async Task Validate_ExplicitFileMissing_ExitTwo()
    {
        using var dir = new TempDirectory();

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate", dir.File("nope.json")]);

        Assert.Equal(2, exit);
        Assert.Contains("nope.json: no such file", output);
    }

    [Fact]
    public async Task Validate_NoDefaultFile_DefaultsApplyExitZero()
    {
        using var dir = new TempDirectory();

        var (exit, output, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate"]);

        Assert.Equal(0, exit);
        Assert.Contains("every default applies", output);
    }

    [Fact]
    public async Task Validate_SameDiagnosticsAsGatewayPrints()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), "{\n  gateway: { port: 0 },\n  typo: true,\n}");

        var (_, validateOutput, _) = await CliRun.RunAsync(ConfigCommand.Create(() => Paths(dir)), ["config", "validate"]);
        var (gatewayExit, _, gatewayError) = await CliRun.RunAsync(GatewayCommand.Create(() => Paths(dir), TestGateway.AddEchoPipeline), ["gateway"]);

        var diagnostics = validateOutput.Split('\n').Where(l => l.Contains(": error: ") || l.Contains(": warning: ")).ToArray();
        Assert.Equal(2, diagnostics.Length);
        Assert.Equal(diagnostics, gatewayError.Split('\n').Where(l => l.Contains(": error: ") || l.Contains(": warning: ")));
        Assert.Equal(2, gatewayExit);
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
