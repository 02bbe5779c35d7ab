using Carapace.Agent.Models;
using Carapace.Core.Config;
using Carapace.Testing;
using Carapace.Testing.Models;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Tests.Models;

public sealed class ChatClientFactoryTests
{
    private static ChatClientFactory Factory(string providers = "{}", Dictionary<string, string>? env = null)
    {
        var doc = ConfigDocument.Parse($"{{ providers: {providers} }}", "test.json5");
        var options = ModelsOptions.Bind(doc.Root);
        Assert.Empty(doc.Diagnostics);
        return new ChatClientFactory(options, name => env?.GetValueOrDefault(name), TimeProvider.System);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Resolve_NoModelAnywhere_SaysHowToConfigureOne(string? reference)
    {
        using var factory = Factory();

        var resolution = factory.Resolve(reference);

        Assert.False(resolution.IsConfigured);
        Assert.Equal(ModelResolution.NoModelMessage, resolution.Problem);
        Assert.DoesNotContain('\n', resolution.Problem);
        Assert.Contains("agents.defaults.model", resolution.Problem, StringComparison.Ordinal);
        Assert.Contains("CARAPACE_MODEL", resolution.Problem, StringComparison.Ordinal);
        Assert.Contains("README", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_BlankReferenceWithModelVariable_UsesTheVariable()
    {
        using var factory = Factory(env: new() { ["CARAPACE_MODEL"] = "ollama/llama3.2" });

        var resolution = factory.Resolve(null);

        Assert.True(resolution.IsConfigured);
        Assert.Equal(new ModelReference("ollama", "llama3.2"), resolution.Reference);
    }

    [Theory]
    [InlineData("openai/gpt-4o-mini", "OPENAI_API_KEY")]
    [InlineData("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY")]
    public void Resolve_BuiltInProviderWithoutKey_NamesTheVariable(string reference, string variable)
    {
        using var factory = Factory();

        var resolution = factory.Resolve(reference);

        Assert.False(resolution.IsConfigured);
        Assert.Contains(variable, resolution.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai/gpt-4o-mini", "OPENAI_API_KEY")]
    [InlineData("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY")]
    public void Resolve_BuiltInProviderWithKey_IsConfigured(string reference, string variable)
    {
        using var factory = Factory(env: new() { [variable] = "sk-test" });

        Assert.True(factory.Resolve(reference).IsConfigured);
    }

    [Fact]
    public void Resolve_OllamaWithoutAnyConfig_IsConfigured()
    {
        using var factory = Factory();

        var resolution = factory.Resolve("ollama/llama3.2");

        Assert.True(resolution.IsConfigured);
        Assert.Same(resolution.Client, factory.Resolve("ollama/llama3.2").Client);
    }

    [Fact]
    public void Resolve_UnknownProvider_SaysWhichKeyToAdd()
    {
        using var factory = Factory();

        var resolution = factory.Resolve("mystery/model-1");

        Assert.False(resolution.IsConfigured);
        Assert.Contains("models.providers.mystery", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_MalformedReference_ExplainsTheForm()
    {
        using var factory = Factory();

        var resolution = factory.Resolve("gpt-4o");

        Assert.False(resolution.IsConfigured);
        Assert.Contains("provider/model", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_KeyReferenceToUnsetVariable_NamesVariableAndKey()
    {
        using var factory = Factory("{ corp: { baseUrl: 'http://127.0.0.1:9/v1', apiKey: '${CORP_KEY}' } }");

        var resolution = factory.Resolve("corp/m");

        Assert.False(resolution.IsConfigured);
        Assert.Contains("CORP_KEY", resolution.Problem, StringComparison.Ordinal);
        Assert.Contains("models.providers.corp.apiKey", resolution.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_KeyReferenceAndHeaders_AreSentToTheProvider()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(ModelReply.WithText("hi"));
        using var factory = Factory(
            $"{{ corp: {{ baseUrl: '{server.BaseUrl}', apiKey: 'k-${{CORP_KEY}}', headers: {{ 'X-Tenant': 'acme' }} }} }}",
            new() { ["CORP_KEY"] = "secret" });

        var client = factory.Resolve("corp/model-x").Client!;
        await client.GetResponseAsync("hello", cancellationToken: TestDeadline.Token());

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer k-secret", request.Headers["authorization"]);
        Assert.Equal("acme", request.Headers["x-tenant"]);
        Assert.Equal("model-x", request.Model);
    }
}
