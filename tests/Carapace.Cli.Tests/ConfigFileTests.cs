namespace Carapace.Cli.Tests;

public sealed class ConfigFileTests : IDisposable
{
    private const string Home = "/home/someone";
    private readonly string _dir = Directory.CreateTempSubdirectory("carapace-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string?, string?, string, bool> ResolveRows => new()
    {
        { null, null, "/home/someone/.carapace/carapace.json", false },
        { null, "  ", "/home/someone/.carapace/carapace.json", false },
        { null, "/etc/carapace.json", "/etc/carapace.json", true },
        { "/tmp/a.json", "/etc/carapace.json", "/tmp/a.json", true },
        { "/tmp/x/../a.json", null, "/tmp/a.json", true },
    };

    [Theory]
    [MemberData(nameof(ResolveRows))]
    public void Resolve_OptionThenEnvironmentThenHome_PicksTheFile(string? option, string? environment, string path, bool isExplicit)
    {
        var resolved = ConfigFile.Resolve(option, name => name == ConfigFile.EnvironmentVariable ? environment : null, Home);

        Assert.Equal((path, isExplicit), resolved);
    }

    [Fact]
    public async Task LoadAsync_DefaultFileAbsent_GivesDefaultsWithoutErrors()
    {
        var doc = await ConfigFile.LoadAsync(Path.Combine(_dir, "carapace.json"), isExplicit: false, CancellationToken.None);

        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public async Task LoadAsync_NamedFileAbsent_IsAnError()
    {
        var path = Path.Combine(_dir, "nope.json");

        var doc = await ConfigFile.LoadAsync(path, isExplicit: true, CancellationToken.None);

        Assert.Equal($"{path}: error: config file not found", Assert.Single(doc.Diagnostics).ToString());
    }

    [Fact]
    public async Task LoadAsync_Json5File_IsParsedWithItsName()
    {
        var path = Path.Combine(_dir, "c.json");
        await File.WriteAllTextAsync(path, "{ // comment\n session: { dmScope: 'per-peer', }, }");

        var doc = await ConfigFile.LoadAsync(path, isExplicit: true, CancellationToken.None);

        Assert.False(doc.HasErrors);
        Assert.Equal(path, doc.Source);
        Assert.Equal("per-peer", doc.Root["session"]["dmScope"].AsString());
    }

    [Fact]
    public async Task LoadAsync_Directory_IsAnErrorNotACrash()
    {
        var doc = await ConfigFile.LoadAsync(_dir, isExplicit: true, CancellationToken.None);

        Assert.Equal($"{_dir}: error: is a directory; name the config file itself", Assert.Single(doc.Diagnostics).ToString());
    }
}
