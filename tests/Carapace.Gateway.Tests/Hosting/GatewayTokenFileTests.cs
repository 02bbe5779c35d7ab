using Carapace.Gateway.Hosting;
using Carapace.Gateway.Tests.Support;

namespace Carapace.Gateway.Tests.Hosting;

public sealed class GatewayTokenFileTests
{
    [Fact]
    public async Task LoadOrCreate_FirstStart_CreatesOwnerOnlyFileAndReusesIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "gateway.token");

        var first = await GatewayTokenFile.LoadOrCreateAsync(path, CancellationToken.None);
        var second = await GatewayTokenFile.LoadOrCreateAsync(path, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(43, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
        Assert.Equal(first, (await File.ReadAllTextAsync(path)).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task LoadOrCreate_TwoStateDirs_DifferentTokens()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        var tokenA = await GatewayTokenFile.LoadOrCreateAsync(a.File("gateway.token"), CancellationToken.None);
        var tokenB = await GatewayTokenFile.LoadOrCreateAsync(b.File("gateway.token"), CancellationToken.None);

        Assert.NotEqual(tokenA, tokenB);
    }

    [Fact]
    public async Task LoadOrCreate_TruncatedFile_ClearErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("gateway.token"), "abc\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => GatewayTokenFile.LoadOrCreateAsync(dir.File("gateway.token"), CancellationToken.None));

        Assert.Contains(dir.File("gateway.token"), error.Message);
        Assert.Contains("delete it", error.Message);
    }

    [Fact]
    public async Task Host_RestartedInSameStateDir_KeepsTheToken()
    {
        using var dir = new TempDirectory();
        var settings = await TestGateway.LoadSettingsAsync(dir, null);
        var options = new GatewayStartOptions { Port = 0, ConfigureServices = TestGateway.AddEchoPipeline };

        string first;
        await using (var host = await GatewayHost.StartAsync(settings, options, CancellationToken.None))
        {
            first = host.Token;
        }

        await using var again = await GatewayHost.StartAsync(settings, options, CancellationToken.None);

        Assert.Equal(first, again.Token);
        Assert.Equal(first, (await File.ReadAllTextAsync(settings.Paths.TokenPath)).Trim());
    }

    [Fact]
    public async Task Host_TokenInConfig_UsedAndNoFileWritten()
    {
        await using var gateway = await TestGateway.StartAsync("{ gateway: { auth: { token: 'configured-token-0123456789' } } }");

        Assert.Equal("configured-token-0123456789", gateway.Host.Token);
        Assert.False(File.Exists(Path.Combine(gateway.StateDir, "gateway.token")));
        await using var client = await gateway.ConnectAsync();
    }
}
