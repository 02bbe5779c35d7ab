using Carapace.Memory.Facts;

namespace Carapace.Memory.Tests.Facts;

public sealed class CaptureOutputTests
{
    private static readonly string[] Categories = ["preferences", "plans"];
    private static readonly Dictionary<string, string> Ids = new() { ["0"] = "aaaaaaaaaaaa", ["1"] = "bbbbbbbbbbbb" };

    [Theory]
    [InlineData("{\"facts\": [\"Likes tea\", \"  \", \"Has a dog\"]}", 2)]
    [InlineData("```json\n{\"facts\": [\"Likes tea\"]}\n```", 1)]
    [InlineData("{\"facts\": []}", 0)]
    public void ParseFacts_ValidAnswers_ReturnTheNonBlankFacts(string answer, int count) =>
        Assert.Equal(count, CaptureOutput.ParseFacts(answer, Categories).Count);

    [Fact]
    public void ParseFacts_Categories_KeptOnlyWhenConfigured() =>
        Assert.Equal(
            [("Likes tea", "preferences"), ("Has a dog", null), ("Runs", null)],
            CaptureOutput.ParseFacts("""{"facts": [{"text": "Likes tea", "category": "Preferences"}, {"text": "Has a dog", "category": "secrets"}, "Runs"]}""", Categories));

    [Theory]
    [InlineData("Sure! Here are the facts: Likes tea", "not valid JSON")]
    [InlineData("{\"facts\": \"Likes tea\"}", "no \"facts\" array")]
    [InlineData("[\"Likes tea\"]", "no \"facts\" array")]
    [InlineData("{\"facts\": [42]}", "neither text nor")]
    [InlineData("{\"facts\": [{\"category\": \"plans\"}]}", "neither text nor")]
    [InlineData("{\"memory\": []}", "no \"facts\" array")]
    [InlineData("", "not valid JSON")]
    [InlineData("{\"facts\": [\"a\"", "not valid JSON")]
    public void ParseFacts_HostileAnswers_ThrowSayingWhatIsWrong(string answer, string message) =>
        Assert.Contains(message, Assert.Throws<CaptureOutputException>(() => CaptureOutput.ParseFacts(answer, Categories)).Message, StringComparison.Ordinal);

    [Fact]
    public void ParseDecision_TempIds_MapBackToRealIdsAndNoneIsDropped()
    {
        var changes = CaptureOutput.ParseDecision(
            """{"memory": [{"id": "0", "text": "Loves tea", "event": "UPDATE", "old_memory": "Likes tea"}, {"id": "1", "event": "delete"}, {"id": "2", "text": "Has a dog", "event": "ADD"}, {"id": "0", "text": "x", "event": "NONE"}]}""", Ids);

        Assert.Equal(
            [FactChange.Update("aaaaaaaaaaaa", "Loves tea"), FactChange.Delete("bbbbbbbbbbbb"), FactChange.Add("Has a dog")],
            changes);
    }

    [Theory]
    [InlineData("""{"memory": [{"id": "7", "text": "x", "event": "UPDATE"}]}""", "unknown memory id '7'")]
    [InlineData("""{"memory": [{"id": "aaaaaaaaaaaa", "event": "DELETE"}]}""", "unknown memory id 'aaaaaaaaaaaa'")]
    [InlineData("""{"memory": [{"event": "DELETE"}]}""", "unknown memory id ''")]
    [InlineData("""{"memory": [{"id": "0", "event": "UPDATE"}]}""", "(UPDATE) has no \"text\"")]
    [InlineData("""{"memory": [{"id": "9", "event": "ADD", "text": ""}]}""", "(ADD) has no \"text\"")]
    [InlineData("""{"memory": [{"id": "0", "text": "x"}]}""", "has no \"event\"")]
    [InlineData("""{"memory": [{"id": "0", "text": "x", "event": "MERGE"}]}""", "unknown event 'MERGE'")]
    [InlineData("""{"memory": ["ADD"]}""", "is not an object")]
    [InlineData("""{"memory": [{"id": "0", "text": "a", "event": "UPDATE"}, {"id": "0", "event": "DELETE"}]}""", "more than once")]
    [InlineData("""{"result": []}""", "no \"memory\" array")]
    [InlineData("null", "no \"memory\" array")]
    [InlineData("<html>502</html>", "not valid JSON")]
    public void ParseDecision_HostileAnswers_ThrowSayingWhatIsWrong(string answer, string message) =>
        Assert.Contains(message, Assert.Throws<CaptureOutputException>(() => CaptureOutput.ParseDecision(answer, Ids)).Message, StringComparison.Ordinal);
}
