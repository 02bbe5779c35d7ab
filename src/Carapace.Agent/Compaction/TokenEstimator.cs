using Carapace.Sessions.Abstractions;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Compaction;

/// <summary>
/// A cheap token count for when the provider has not reported one: about four characters per token for alphabetic
/// scripts, one token per CJK or kana/hangul character (those scripts pack far fewer characters into a token).
/// </summary>
internal static class TokenEstimator
{
    /// <summary>Per-message overhead the chat formats add (role, separators).</summary>
    private const int MessageOverhead = 4;

    /// <summary>Estimated tokens of a text.</summary>
    public static int Of(string text)
    {
        var dense = 0;
        var other = 0;
        foreach (var c in text)
        {
            if (IsDense(c))
            {
                dense++;
            }
            else
            {
                other++;
            }
        }

        return dense + ((other + 3) / 4);
    }

    /// <summary>Estimated tokens of a transcript line as the model sees it.</summary>
    public static int Of(TranscriptEntry line) => MessageOverhead + Of(line.Text) + (line.ToolName is { } name ? Of(name) : 0);

    /// <summary>Estimated tokens of a prompt.</summary>
    public static int Of(IEnumerable<ChatMessage> messages) => messages.Sum(m => MessageOverhead + m.Contents.Sum(c => c switch
    {
        TextContent t => Of(t.Text),
        FunctionCallContent call => Of(call.Name) + (call.Arguments is null ? 0 : call.Arguments.Sum(a => Of(a.Key) + Of(a.Value?.ToString() ?? ""))),
        FunctionResultContent result => Of(result.Result?.ToString() ?? ""),
        _ => 0,
    }));

    private static bool IsDense(char c) =>
        c is (>= '\u3040' and <= '\u30FF') // hiragana, katakana
            or (>= '\u3400' and <= '\u4DBF') // CJK extension A
            or (>= '\u4E00' and <= '\u9FFF') // CJK unified ideographs
            or (>= '\uAC00' and <= '\uD7AF') // hangul syllables
            or (>= '\uF900' and <= '\uFAFF'); // CJK compatibility ideographs
}
