using Carapace.Core.Routing;
using Carapace.Gateway.Hosting;

namespace Carapace.Gateway.Tests.Hosting;

public sealed class CarapaceSettingsLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("carapace-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task LoadAsync_DefaultFileAbsent_GivesDefaultsWithoutDiagnostics()
    {
        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, Path.Combine(_dir, "carapace.json")), CancellationToken.None);

        Assert.Empty(settings.Document.Diagnostics);
        Assert.False(settings.ConfigFileFound);
        Assert.Equal(DmScopes.Main, settings.Routing.DmScope);
    }

    [Theory]
    [InlineData("{}", null)]
    [InlineData("{ memory: { search: { local: { modelCacheDir: '/srv/models' } } } }", "/srv/models")]
    public async Task LoadAsync_ModelCacheDir_DefaultsUnderTheStateDir(string json, string? configured)
    {
        var path = Path.Combine(_dir, "c.json");
        await File.WriteAllTextAsync(path, json);

        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, path, ConfigIsExplicit: true), CancellationToken.None);

        Assert.Equal(configured ?? Path.Combine(_dir, "models"), settings.MemorySearch.Embeddings.ModelCacheDirectory);
    }

    [Fact]
    public async Task LoadAsync_NamedFileAbsent_IsAnError()
    {
        var path = Path.Combine(_dir, "nope.json");

        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, path, ConfigIsExplicit: true), CancellationToken.None);

        Assert.Equal($"{path}: error: config file not found", Assert.Single(settings.Document.Diagnostics).ToString());
    }

    [Fact]
    public async Task LoadAsync_Json5File_BindsRoutingAndSessionPolicy()
    {
        var path = Path.Combine(_dir, "c.json");
        await File.WriteAllTextAsync(path, "{ // comment\n session: { dmScope: 'per-peer', resetTriggers: ['/fresh'], },\n agents: { defaults: { model: 'openai/gpt-4o-mini' } }, }");

        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, path, ConfigIsExplicit: true), CancellationToken.None);

        Assert.False(settings.HasErrors);
        Assert.Equal(DmScopes.PerPeer, settings.Routing.DmScope);
        Assert.Equal(["/fresh"], settings.SessionPolicy.ResetTriggers);
        Assert.Equal("openai/gpt-4o-mini", settings.Agents.ModelFor(settings.Agents.DefaultAgentId));
    }

    [Fact]
    public async Task LoadAsync_Directory_IsAnErrorNotACrash()
    {
        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, _dir, ConfigIsExplicit: true), CancellationToken.None);

        Assert.Equal($"{_dir}: error: is a directory; name the config file itself", Assert.Single(settings.Document.Diagnostics).ToString());
    }

    [Fact]
    public async Task LoadAsync_UnknownDmScope_ErrorNamesLineAndValidValues()
    {
        var path = Path.Combine(_dir, "c.json");
        await File.WriteAllTextAsync(path, "{\n  session: {\n    dmScope: 'per-user',\n  },\n  sesion: {},\n}");

        var settings = await CarapaceSettings.LoadAsync(new CarapacePaths(_dir, path), CancellationToken.None);

        Assert.True(settings.HasErrors);
        Assert.Contains(settings.Document.Diagnostics, d => d.ToString() ==
            $"{path}:3: error: session.dmScope: unknown value 'per-user'; valid values: main, per-peer, per-channel-peer, per-account-channel-peer");
        Assert.Contains(settings.Document.Diagnostics, d => d.ToString() == $"{path}:5: warning: sesion: unknown key, ignored");
    }
}
