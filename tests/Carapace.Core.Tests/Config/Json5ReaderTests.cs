using System.Text.Json.Nodes;
using Carapace.Core.Config;

namespace Carapace.Core.Tests.Config;

public sealed class Json5ReaderTests
{
    [Fact]
    public void Parse_Json5Features_ReadsValuesAndLines()
    {
        const string text = """
            // a comment
            {
              unquoted: 'single',
              "quoted": "double", /* block
              comment */
              hex: 0x1F,
              list: [1, 2.5, -3,],
              nested: { flag: true, nothing: null, },
            }
            """;

        var (root, lines) = Json5Reader.Parse(text);

        var obj = Assert.IsType<JsonObject>(root);
        Assert.Equal("single", (string?)obj["unquoted"]);
        Assert.Equal("double", (string?)obj["quoted"]);
        Assert.Equal(31L, (long?)obj["hex"]);
        Assert.Equal(3, obj["list"]!.AsArray().Count);
        Assert.True((bool?)obj["nested"]!["flag"]);
        Assert.Equal(3, lines["unquoted"]);
        Assert.Equal(6, lines["hex"]);
        Assert.Equal(8, lines["nested.flag"]);
    }

    [Theory]
    [InlineData("{ a: 1 ", 1, "unterminated object")]
    [InlineData("{\n  a: 'x\n}", 2, "line break inside a string")]
    [InlineData("{ a: Infinity }", 1, "finite number")]
    [InlineData("{ a: yes }", 1, "strings need quotes")]
    [InlineData("{ a: 1 } x", 1, "after the end")]
    public void Parse_BadInput_NamesTheLineAndTheReason(string text, int line, string reason)
    {
        var e = Assert.Throws<Json5Exception>(() => Json5Reader.Parse(text));

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message);
    }
}
