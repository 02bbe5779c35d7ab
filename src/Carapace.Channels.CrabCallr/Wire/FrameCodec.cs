using System.Text.Json;

namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>
/// Turns frames into bytes and back, refusing anything the protocol does not allow (bad JSON, unknown type, wrong
/// field types, extra fields, blank ids, an unknown source, text over <see cref="MaxTextLength"/>) with a reason.
/// </summary>
public static class FrameCodec
{
    /// <summary>The longest text a user_message or utterance may carry.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The frame as UTF-8 JSON.</summary>
    public static byte[] Serialize(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return JsonSerializer.SerializeToUtf8Bytes(frame, FrameJsonContext.Default.Frame);
    }

    /// <summary>
    /// Parses one frame; on failure <paramref name="error"/> says what is wrong and the frame is null. A relay passes a
    /// larger <paramref name="maxTextLength"/> because it forwards text and leaves the limit to the agent host.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out Frame? frame, out string? error, int maxTextLength = MaxTextLength)
    {
        frame = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(json, FrameJsonContext.Default.Frame);
            error = parsed is null ? "the frame is null, not an object" : Check(parsed, maxTextLength);
            frame = error is null ? parsed : null;
        }
        catch (JsonException e)
        {
            error = e.Path is { Length: > 1 } path ? $"invalid frame at {path}: {FirstSentence(e.Message)}" : $"invalid frame: {FirstSentence(e.Message)}";
        }
        catch (NotSupportedException)
        {
            error = "invalid frame: missing or unknown \"type\"";
        }

        return frame is not null;
    }

    private static string? Check(Frame frame, int maxTextLength) => frame switch
    {
        UserMessageFrame m => Blank(m.CallId, "callId") ?? Blank(m.MessageId, "messageId") ?? TooLong(m.Text, maxTextLength),
        UtteranceFrame u => Blank(u.CallId, "callId") ?? Blank(u.UtteranceId, "utteranceId") ?? TooLong(u.Text, maxTextLength),
        CallStartFrame s => Blank(s.CallId, "callId") ?? Source(s.Source),
        CallEndFrame e => Blank(e.CallId, "callId") ?? Source(e.Source),
        CallEndRequestFrame r => Blank(r.CallId, "callId"),
        _ => null,
    };

    private static string? Blank(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? $"invalid frame: \"{field}\" is blank" : null;

    private static string? TooLong(string text, int max) =>
        text.Length > max ? $"invalid frame: \"text\" has {text.Length} characters, more than {max}" : null;

    private static string? Source(string source) =>
        CallSources.IsValid(source) ? null : $"invalid frame: \"source\" must be \"browser\" or \"phone\", not \"{source}\"";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
