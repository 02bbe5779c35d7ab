using Carapace.Core.Config;
using Carapace.Memory.Facts;

namespace Carapace.Memory.Tests.Facts;

public sealed class FactMemoryOptionsTests
{
    [Fact]
    public void Bind_Empty_GivesDefaults()
    {
        var doc = ConfigDocument.Empty("test");

        var options = FactMemoryOptions.Bind(doc.Root["memory"]);

        Assert.Equal(FactPool.PerIdentity, options.Pool);
        Assert.Equal((true, 5, 0.3, 1500), (options.Recall.Enabled, options.Recall.TopK, options.Recall.MinScore, options.Recall.MaxTokens));
        Assert.Equal((true, null, null, 12), (options.Capture.Enabled, options.Capture.Model, options.Capture.Instructions, options.Capture.Categories.Count));
        Assert.Empty(doc.Diagnostics);
    }

    [Fact]
    public void Bind_AllKeys_AreRead()
    {
        var doc = ConfigDocument.Parse(
            "{ memory: { scope: 'shared', capture: { enabled: false, model: 'ollama/llama3', instructions: 'Only plans.', categories: ['plans'], timeoutSeconds: 5 }, recall: { enabled: false, topK: 3, minScore: 0.5, maxTokens: 200 } } }",
            "carapace.json");

        var options = FactMemoryOptions.Bind(doc.Root["memory"]);
        doc.ReportUnknownKeys();

        Assert.Equal(FactPool.Shared, options.Pool);
        Assert.Equal((false, "ollama/llama3", "Only plans.", TimeSpan.FromSeconds(5)), (options.Capture.Enabled, options.Capture.Model, options.Capture.Instructions, options.Capture.Timeout));
        Assert.Equal(["plans"], options.Capture.Categories);
        Assert.Equal((false, 3, 0.5, 200), (options.Recall.Enabled, options.Recall.TopK, options.Recall.MinScore, options.Recall.MaxTokens));
        Assert.Empty(doc.Diagnostics);
    }

    [Theory]
    [InlineData("{ memory: { scope: 'per-person' } }", "memory.scope")]
    [InlineData("{ memory: { recall: { topK: 0 } } }", "memory.recall.topK")]
    [InlineData("{ memory: { recall: { minScore: 1.5 } } }", "memory.recall.minScore")]
    [InlineData("{ memory: { recall: { maxTokens: 'lots' } } }", "memory.recall.maxTokens")]
    [InlineData("{ memory: { capture: { enabled: 'yes' } } }", "memory.capture.enabled")]
    [InlineData("{ memory: { capture: { categories: [] } } }", "memory.capture.categories")]
    [InlineData("{ memory: { capture: { timeoutSeconds: -1 } } }", "memory.capture.timeoutSeconds")]
    public void Bind_BadValues_AreErrorsNamingTheKey(string json, string path)
    {
        var doc = ConfigDocument.Parse(json, "carapace.json");

        FactMemoryOptions.Bind(doc.Root["memory"]);

        Assert.Contains(doc.Diagnostics, d => d.Severity == ConfigSeverity.Error && d.Path == path);
    }
}
