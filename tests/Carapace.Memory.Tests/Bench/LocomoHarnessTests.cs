using System.Text.Json;
using Carapace.Memory.Bench.Locomo;

namespace Carapace.Memory.Tests.Bench;

public sealed class LocomoHarnessTests
{
    private const string Sample = """
        {
          "sample_id": "conv-test",
          "conversation": {
            "speaker_a": "Ann", "speaker_b": "Ben",
            "session_1_date_time": "1:56 pm on 8 May, 2023",
            "session_1": [
              { "speaker": "Ann", "dia_id": "D1:1", "text": "I adopted a greyhound called Pixel." },
              { "speaker": "Ben", "dia_id": "D1:2", "text": "Lovely! I started pottery classes.", "blip_caption": "a photo of a clay bowl" }
            ],
            "session_2_date_time": "10:00 am on 9 June, 2023",
            "session_2": [
              { "speaker": "Ann", "dia_id": "D2:1", "text": "Pixel learned to fetch." }
            ],
            "session_3_date_time": "10:00 am on 9 July, 2023"
          },
          "qa": [
            { "question": "What is the name of Ann's dog?", "answer": "Pixel", "evidence": ["D1:1"], "category": 4 },
            { "question": "What did Pixel learn?", "answer": "fetch", "evidence": ["D2:1; D1:1", "D:1:2", "D", "D9:9", "D02:01"], "category": 1 },
            { "question": "Unanswerable?", "adversarial_answer": "x", "evidence": [], "category": 5 }
          ],
          "observation": {
            "session_1_observation": { "Ann": [["Ann has a greyhound named Pixel.", "D1:1"]], "Ben": [["Ben does pottery.", ["D1:2"]]] }
          }
        }
        """;

    [Theory]
    [InlineData("D1:3", new[] { "D1:3" })]
    [InlineData("D8:6; D9:17", new[] { "D8:6", "D9:17" })]
    [InlineData("D9:1 D4:4 D4:6", new[] { "D9:1", "D4:4", "D4:6" })]
    [InlineData("D:11:26", new[] { "D11:26" })]
    [InlineData("D30:05", new[] { "D30:5" })]
    [InlineData("D", new string[0])]
    [InlineData("", new string[0])]
    public void Normalise_MalformedEvidence_IsRepaired(string raw, string[] expected) => Assert.Equal(expected, EvidenceIds.Normalise(raw));

    [Fact]
    public async Task LoaderWriterScorer_SyntheticConversation_EndToEnd()
    {
        var conversation = LocomoLoader.Parse(JsonDocument.Parse(Sample).RootElement);
        using var dir = new TempDir();

        await LocomoWriter.WriteDialogAsync(conversation, dir.Workspace, CancellationToken.None);
        await LocomoWriter.WriteObservationsAsync(conversation, dir.Workspace + "-obs", CancellationToken.None);

        Assert.Equal(2, conversation.Sessions.Count); // session_3 has a date but no turns
        Assert.Equal(["D2:1", "D1:1", "D1:2"], conversation.Questions[1].Evidence); // split, repaired, dangling D9:9 dropped
        Assert.Empty(conversation.Questions[2].Evidence);
        Assert.Equal(2, conversation.Observations.Count);
        var log = File.ReadAllText(Path.Combine(dir.Workspace, "memory/2023-05-08.md"));
        Assert.Contains("[D1:2] Ben: Lovely! I started pottery classes. [shares a photo of a clay bowl]", log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Workspace, "memory/2023-06-09.md")));
        Assert.Contains("[D1:1] Ann: Ann has a greyhound", File.ReadAllText(Path.Combine(dir.Workspace + "-obs", "memory/2023-05-08.md")), StringComparison.Ordinal);
        Directory.Delete(dir.Workspace + "-obs", recursive: true);

        // k counts turns: a snippet with two turns uses two of k.
        string[] ranked = ["[D1:2] Ben: x\n[D1:1] Ann: y", "[D2:1] Ann: z"];
        Assert.Equal(["D1:2"], RecallScorer.TopTurns(ranked, 1));
        Assert.Equal(0.0, RecallScorer.Recall(["D1:1"], ranked, 1));
        Assert.Equal(1.0, RecallScorer.Recall(["D1:1"], ranked, 2));
        Assert.Equal(2.0 / 3, RecallScorer.Recall(["D2:1", "D1:1", "D1:2"], ranked, 2)!.Value, 6);
        Assert.Null(RecallScorer.Recall([], ranked, 5));

        var table = new RecallTable();
        table.Add(4, [1, 1, 1, 1]);
        table.Add(1, [0, 0.5, 1, 1]);
        Assert.Equal(50, table.Mean(null, 0));
        Assert.Equal(75, table.Mean(null, 1));
        Assert.Contains("| 4 single-hop | 1 |", table.Format("t", LocomoRun.DragonDialog), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1:56 pm on 8 May, 2023", 2023, 5, 8, 13, 56)]
    [InlineData("10:00 am on 9 June, 2023", 2023, 6, 9, 10, 0)]
    public void ParseDate_LocomoFormat_IsParsed(string text, int y, int mo, int d, int h, int mi) =>
        Assert.Equal(new DateTime(y, mo, d, h, mi, 0), LocomoLoader.ParseDate(text));

    [Fact]
    public void ParseDate_Garbage_ThrowsNamingTheValue() =>
        Assert.Contains("'yesterday'", Assert.Throws<FormatException>(() => LocomoLoader.ParseDate("yesterday")).Message, StringComparison.Ordinal);
}
