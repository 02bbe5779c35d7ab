using Carapace.Agent.Models;
using Carapace.Core.Config;

namespace Carapace.Agent.Tests.Models;

public sealed class ModelsOptionsTests
{
    [Fact]
    public void Bind_FullProviderEntry_ReadsEveryKey()
    {
        var doc = ConfigDocument.Parse("""
            {
              models: { providers: {
                Local: { api: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', apiKey: '${LOCAL_KEY}',
                         headers: { 'X-Org': 'acme' }, timeoutSeconds: 30, maxRetries: 0 },
                claude: { api: 'anthropic' },
              } },
            }
            """, "carapace.json");

        var options = ModelsOptions.Bind(doc.Root["models"]);
        doc.ReportUnknownKeys();

        Assert.Empty(doc.Diagnostics);
        var local = options.Providers["local"];
        Assert.Equal("local", local.Id);
        Assert.Equal(ModelApi.OpenAi, local.Api);
        Assert.Equal(new Uri("http://127.0.0.1:8080/v1"), local.BaseUrl);
        Assert.Equal("${LOCAL_KEY}", local.ApiKey);
        Assert.Equal("acme", local.Headers["x-org"]);
        Assert.Equal(30, local.TimeoutSeconds);
        Assert.Equal(0, local.MaxRetries);
        var claude = options.Providers["claude"];
        Assert.Equal(ModelApi.Anthropic, claude.Api);
        Assert.Equal(120, claude.TimeoutSeconds);
        Assert.Equal(3, claude.MaxRetries);
    }

    public static TheoryData<string, string, string> BadRows => new()
    {
        { "{ p: { api: 'gemini' } }", "models.providers.p.api", "valid values: openai, anthropic" },
        { "{ p: { baseUrl: 'ftp://x' } }", "models.providers.p.baseUrl", "not an http(s) URL" },
        { "{ p: { baseUrl: 'not a url' } }", "models.providers.p.baseUrl", "not an http(s) URL" },
        { "{ p: { timeoutSeconds: 0 } }", "models.providers.p.timeoutSeconds", "out of range" },
        { "{ p: { maxRetries: 99 } }", "models.providers.p.maxRetries", "out of range" },
        { "{ p: { apiKey: 42 } }", "models.providers.p.apiKey", "expected a string" },
        { "{ 'bad id': {} }", "models.providers.bad id", "not a valid provider id" },
        { "[]", "models.providers", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public void Bind_BadValue_ReportsErrorAtKeyPath(string providers, string path, string message)
    {
        var doc = ConfigDocument.Parse($"{{ models: {{ providers: {providers} }} }}", "carapace.json");

        ModelsOptions.Bind(doc.Root["models"]);

        var error = Assert.Single(doc.Diagnostics);
        Assert.Equal(ConfigSeverity.Error, error.Severity);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }
}
