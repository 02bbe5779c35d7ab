using Carapace.Cli.Commands;
using Carapace.Cli.Tests.Support;
using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Carapace.Cli.Tests;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_FreshStateDirGatewayRunning_AllChecksPassOrAdvise()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{ gateway: {{ port: {gateway.Host.BaseUrl.Port} }} }}");
        await CreateDatabaseAsync(dir.File("sessions.sqlite"));

        var (exit, output, _) = await CliRun.RunAsync(DoctorCommand.Create(() => Paths(dir)), ["doctor"]);

        Assert.Equal(0, exit);
        Assert.Contains($"✓ config: {dir.File("carapace.json")} is valid (0 warning(s))", output);
        Assert.Contains($"✓ state dir: {dir.Path} is writable", output);
        Assert.Contains("✓ sessions database: " + dir.File("sessions.sqlite") + " opens and passes its integrity check", output);
        Assert.Contains("! model: no model configured", output);
        Assert.Contains("fix: set agents.defaults.model and a provider", output);
        Assert.Contains($"✓ gateway: running on port {gateway.Host.BaseUrl.Port}", output);
        Assert.Contains("✓ embeddings: the local MiniLM model loads and returns 384-dimension vectors", output);
        Assert.Empty(Directory.GetFiles(dir.Path, ".doctor-*"));
    }

    [Fact]
    public async Task Doctor_BadConfigDamagedDatabaseNoGateway_FailsWithFixes()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("carapace.json"), $"{{\n  gateway: {{ port: {FreePort.Next()}, bind: 'x' }},\n}}");
        await File.WriteAllTextAsync(dir.File("sessions.sqlite"), "this is not a database, just text that is long enough to have a header");

        var (exit, output, _) = await CliRun.RunAsync(DoctorCommand.Create(() => Paths(dir)), ["doctor"]);

        Assert.Equal(1, exit);
        Assert.Contains($"✗ config: {dir.File("carapace.json")} has 1 error(s): {dir.File("carapace.json")}:2: error: gateway.bind", output);
        Assert.Contains("fix: run `carapace config validate`", output);
        Assert.Contains($"✗ sessions database: {dir.File("sessions.sqlite")}", output);
        Assert.Contains("! gateway: not running on port", output);
        Assert.Contains("fix: start it with `carapace gateway`", output);
        Assert.Contains("2 problem(s) to fix", output);
    }

    private static async Task CreateDatabaseAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (1);";
        await command.ExecuteNonQueryAsync();
    }

    private static CarapacePaths Paths(TempDirectory dir) => new(dir.Path, dir.File("carapace.json"));
}
