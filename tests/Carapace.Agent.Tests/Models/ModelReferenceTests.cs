using Carapace.Agent.Models;

namespace Carapace.Agent.Tests.Models;

public sealed class ModelReferenceTests
{
    public static TheoryData<string?, string?, string?> Rows => new()
    {
        { "openai/gpt-4o-mini", "openai", "gpt-4o-mini" },
        { "  Ollama/llama3.2 ", "ollama", "llama3.2" },
        { "openrouter/meta-llama/llama-3-70b", "openrouter", "meta-llama/llama-3-70b" },
        { "my_local.vllm/qwen2.5:7b", "my_local.vllm", "qwen2.5:7b" },
        { null, null, null },
        { "", null, null },
        { "gpt-4o", null, null },
        { "/gpt-4o", null, null },
        { "openai/", null, null },
        { "open ai/gpt-4o", null, null },
        { "openai/gpt 4o", null, null },
        { "../../etc/passwd", null, null },
        { new string('a', 65) + "/m", null, null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Parse_Table_ReturnsProviderAndModelOrExplains(string? text, string? provider, string? model)
    {
        var reference = ModelReference.Parse(text, out var error);

        Assert.Equal(provider, reference?.Provider);
        Assert.Equal(model, reference?.Model);
        if (reference is null)
        {
            Assert.Contains("provider", error, StringComparison.Ordinal);
            Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        }
    }
}
