using Carapace.Core.Config;

namespace Carapace.Core.Tests.Config;

public sealed class ConfigSectionTests
{
    public static TheoryData<string, string?, string?> AsIdRows => new()
    {
        { "' 123 '", "123", null },
        { "'Tele:Gram'", "Tele:Gram", null },
        { "12345", "12345", null },
        { "987654321012345678", "987654321012345678", null },   // a Discord snowflake survives exactly
        { "-100123", "-100123", null },
        { "1.5", "1.5", null },
        { "''", "", null },
        { "null", null, null },
        { "true", null, "expected an id (text or a number) but found the boolean true" },
        { "[1]", null, "expected an id (text or a number) but found a list" },
    };

    [Theory]
    [MemberData(nameof(AsIdRows))]
    public void AsId_Value_GivesTrimmedTextOrError(string json5, string? expected, string? error)
    {
        var doc = ConfigDocument.Parse($"{{ id: {json5} }}", "c.json");

        Assert.Equal(expected, doc.Root["id"].AsId());
        Assert.Equal(error, doc.Diagnostics.SingleOrDefault()?.Message);
    }

    [Fact]
    public void Peek_Child_IsNotMarkedKnown()
    {
        var doc = ConfigDocument.Parse("{ a: { b: 1, c: 2 } }", "c.json");

        Assert.Equal(1, doc.Root["a"].Peek("b").AsInt(0));
        doc.ReportUnknownKeys();

        Assert.Equal(["a.b", "a.c"], doc.Diagnostics.Select(d => d.Path));
    }
}
