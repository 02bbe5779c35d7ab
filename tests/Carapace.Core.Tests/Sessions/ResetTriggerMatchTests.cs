using Carapace.Core.Sessions;

namespace Carapace.Core.Tests.Sessions;

public sealed class ResetTriggerMatchTests
{
    public static TheoryData<string?, string?, string?> Rows => new()
    {
        // body, expected trigger (null = no match), expected body
        { "/new", "/new", "" },
        { "  /new  ", "/new", "" },
        { "/NEW", "/new", "" },
        { "/Reset", "/reset", "" },
        { "/new hello there", "/new", "hello there" },
        { "/new\thello\n", "/new", "hello" },
        { "/new    spaced   ", "/new", "spaced" },
        { "/newer", null, null },
        { "/resetting", null, null },
        { "please /new", null, null },
        { "", null, null },
        { "   ", null, null },
        { null, null, null },
        { "/", null, null },
        { "new", null, null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Parse_DefaultTriggers_MatchesWholeWordCaseInsensitively(string? body, string? trigger, string? rest)
    {
        var match = ResetTriggerMatch.Parse(body, SessionPolicyOptions.DefaultResetTriggers);
        Assert.Equal(trigger, match?.Trigger);
        Assert.Equal(rest, match?.Body);
    }

    [Fact]
    public void Parse_CustomTriggers_UsesOnlyThose()
    {
        string[] triggers = ["!fresh", " ", ""];
        Assert.Equal(new ResetTriggerMatch("!fresh", "go"), ResetTriggerMatch.Parse("!FRESH go", triggers));
        Assert.Null(ResetTriggerMatch.Parse("/new", triggers));
        Assert.Null(ResetTriggerMatch.Parse("anything", triggers));
    }

    [Fact]
    public void Parse_NoTriggers_NeverMatches() => Assert.Null(ResetTriggerMatch.Parse("/new", []));
}
