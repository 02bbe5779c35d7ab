using System.Text;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Tests.Clients;

public sealed class ClientFrameJsonTests
{
    private static readonly string[] Channels = ["tui", "webchat"];

    public static TheoryData<string, string?, string> Refused => new()
    {
        { "", null, "not valid JSON" },
        { "{", null, "not valid JSON" },
        { "null", null, "must be a JSON object" },
        { "\"send\"", null, "must be a JSON object" },
        { """{"type":7,"id":"a"}""", "a", "type: expected a string but found a number" },
        { """{"type":"send","id":42}""", null, "id: expected a string but found a number" },
        { """{"type":"send","id":"   "}""", null, "id: blank" },
        { $$"""{"type":"send","id":"{{new string('i', 129)}}"}""", null, "id: longer than 128 characters" },
        { """{"type":"SEND","id":"a"}""", "a", "unknown frame type 'SEND'" },
        { """{"type":"send","id":"a","peer":{"kind":"direct","id":"p"},"text":"t"}""", "a", "channel: required" },
        { """{"type":"send","id":"a","channel":"../../etc/passwd","peer":{"kind":"direct","id":"p"},"text":"t"}""", "a", "is not a client channel" },
        { """{"type":"send","id":"a","channel":"tui","text":"t"}""", "a", "peer: required" },
        { """{"type":"send","id":"a","channel":"tui","peer":[],"text":"t"}""", "a", "peer: expected an object {kind, id} but found a list" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"id":"p"},"text":"t"}""", "a", "peer.kind: required" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct"},"text":"t"}""", "a", "peer.id: required" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct","id":""},"text":"t"}""", "a", "peer.id: blank" },
        { $$"""{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct","id":"{{new string('p', 257)}}"},"text":"t"}""", "a", "peer.id: longer than 256" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct","id":"p"},"text":"   "}""", "a", "text: empty" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct","id":"p"},"text":"0123456789X"}""", "a", "text: 11 characters is over the limit of 10" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"channel","id":"c"},"text":"t"}""", "a", "sender: required for a channel peer" },
        { """{"type":"send","id":"a","channel":"tui","peer":{"kind":"direct","id":"p"},"sender":false,"text":"t"}""", "a", "sender: expected a string but found a boolean" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Parse_BadFrame_ErrorNamesFieldAndKeepsId(string json, string? id, string expected)
    {
        var parsed = ClientFrameJson.Parse(Encoding.UTF8.GetBytes(json), Channels, maxTextChars: 10);

        Assert.Null(parsed.Frame);
        Assert.Equal(id, parsed.ErrorId);
        Assert.Contains(expected, parsed.Error);
    }

    public static TheoryData<string, SendFrame> Accepted => new()
    {
        { """{"type":"send","id":"a","channel":"TUI","peer":{"kind":"dm","id":"Alice"},"text":"hi"}""", new SendFrame("a", "tui", new Peer(ChatType.Direct, "Alice"), "Alice", "hi", null) },
        { """{"type":"send","id":"b","channel":"webchat","peer":{"kind":"group","id":"g1"},"sender":" bob ","text":"x","thread":" t9 "}""", new SendFrame("b", "webchat", new Peer(ChatType.Group, "g1"), "bob", "x", "t9") },
        { """{"type":"send","id":"c","channel":"tui","peer":{"kind":"direct","id":"ünï"},"text":"0123456789","extra":1}""", new SendFrame("c", "tui", new Peer(ChatType.Direct, "ünï"), "ünï", "0123456789", null) },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_GoodSendFrame_ReadsEveryField(string json, SendFrame expected)
    {
        var parsed = ClientFrameJson.Parse(Encoding.UTF8.GetBytes(json), Channels, maxTextChars: 10);

        Assert.Null(parsed.Error);
        Assert.Equal(expected, parsed.Frame);
    }

    [Fact]
    public void Write_ThenParse_RoundTrips()
    {
        ClientFrame[] frames =
        [
            new SendFrame("r1", "tui", new Peer(ChatType.Channel, "room \"7\""), "eve", "line1\nline2 \u2603", "th"),
            new SendFrame("r2", "webchat", new Peer(ChatType.Direct, "x"), "x", "plain", null),
            new SessionsListFrame("r3"),
        ];

        foreach (var frame in frames)
        {
            Assert.Equal(frame, ClientFrameJson.Parse(ClientFrameJson.Write(frame), Channels, maxTextChars: 100).Frame);
        }
    }
}
