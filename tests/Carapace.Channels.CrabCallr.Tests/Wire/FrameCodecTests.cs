using System.Text;
using Carapace.Channels.CrabCallr.Wire;

namespace Carapace.Channels.CrabCallr.Tests.Wire;

public sealed class FrameCodecTests
{
    public static TheoryData<string, string> HostileFrames => new()
    {
        { "not json", "invalid frame" },
        { "[1,2]", "invalid frame" },
        { "null", "null" },
        { "{\"ts\":1}", "type" },
        { "{\"type\":\"teleport\",\"ts\":1}", "invalid frame" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"ts\":1}", "callId" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":42,\"ts\":1}", "callId" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":\" \",\"ts\":1}", "callId" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":null,\"callId\":\"c\",\"ts\":1}", "text" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":\"c\"}", "ts" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":\"c\",\"ts\":\"1\"}", "ts" },
        { "{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"hi\",\"callId\":\"c\",\"ts\":1,\"extra\":true}", "extra" },
        { "{\"type\":\"call_start\",\"callId\":\"c\",\"source\":\"fax\",\"ts\":1}", "source" },
        { "{\"type\":\"auth_result\",\"success\":\"yes\",\"ts\":1}", "success" },
        { "{\"type\":\"call_end\",\"callId\":\"c\",\"durationSeconds\":\"long\",\"source\":\"phone\",\"startedAt\":1,\"ts\":1}", "durationSeconds" },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public void TryParse_HostileFrame_RefusesWithReason(string json, string reasonMentions)
    {
        var ok = FrameCodec.TryParse(Encoding.UTF8.GetBytes(json), out var frame, out var error);

        Assert.False(ok);
        Assert.Null(frame);
        Assert.Contains(reasonMentions, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TryParse_TextOverLimit_RefusesUnlessTheCallerRaisesTheLimit()
    {
        var json = Encoding.UTF8.GetBytes($"{{\"type\":\"user_message\",\"messageId\":\"usr_001\",\"text\":\"{new string('a', 4001)}\",\"callId\":\"c\",\"ts\":1}}");

        Assert.False(FrameCodec.TryParse(json, out _, out var error));
        Assert.Contains("4001 characters", error, StringComparison.Ordinal);
        Assert.True(FrameCodec.TryParse(json, out _, out _, maxTextLength: int.MaxValue));
    }

    [Fact]
    public void TryParse_TypeNotFirst_StillParses()
    {
        var json = "{\"callId\":\"c\",\"text\":\"hi\",\"messageId\":\"usr_001\",\"ts\":5,\"type\":\"user_message\"}"u8;

        Assert.True(FrameCodec.TryParse(json, out var frame, out _));
        Assert.Equal(new UserMessageFrame("usr_001", "hi", "c") { Ts = 5 }, frame);
    }

    public static TheoryData<Frame, string> Serialized => new()
    {
        { new AuthFrame("cc_x") { Ts = 1 }, "{\"type\":\"auth\",\"apiKey\":\"cc_x\",\"ts\":1}" },
        { new UtteranceFrame("oc_001_001", "c", "Hi.") { Ts = 2 }, "{\"type\":\"utterance\",\"utteranceId\":\"oc_001_001\",\"callId\":\"c\",\"text\":\"Hi.\",\"ts\":2}" },
        { new UtteranceFrame("oc_001_002", "c", "Bye.") { EndCall = true, Ts = 3 }, "{\"type\":\"utterance\",\"utteranceId\":\"oc_001_002\",\"callId\":\"c\",\"text\":\"Bye.\",\"endCall\":true,\"ts\":3}" },
        { new PingFrame { Ts = 4 }, "{\"type\":\"ping\",\"ts\":4}" },
        { new CallStartFrame("c", "phone") { Ts = 5 }, "{\"type\":\"call_start\",\"callId\":\"c\",\"source\":\"phone\",\"ts\":5}" },
        { new CallEndRequestFrame("u", "c") { Ts = 6 }, "{\"type\":\"call_end_request\",\"userId\":\"u\",\"callId\":\"c\",\"ts\":6}" },
    };

    [Theory]
    [MemberData(nameof(Serialized))]
    public void Serialize_Frame_WritesTypeAndTsAndNoNulls(Frame frame, string expected)
    {
        var bytes = FrameCodec.Serialize(frame);

        Assert.Equal(expected, Encoding.UTF8.GetString(bytes));
        Assert.True(FrameCodec.TryParse(bytes, out var back, out _));
        Assert.Equal(frame, back);
    }
}
