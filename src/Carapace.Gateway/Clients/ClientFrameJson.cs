using System.Buffers;
using System.Text.Json;
using Carapace.Core.Messages;
using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Clients;

/// <summary>
/// Reads and writes client frames. Reading never throws: a bad frame becomes an error that names the field and what
/// is wrong, and the id when one could be read, so the gateway answers it and keeps the connection.
/// </summary>
internal static class ClientFrameJson
{
    private const int MaxIdChars = 128;
    private const int MaxPeerIdChars = 256;

    /// <summary>Parses one frame; exactly one of the result's frame and error is set.</summary>
    public static ParsedFrame Parse(ReadOnlySpan<byte> utf8, IReadOnlyCollection<string> clientChannels, int maxTextChars)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray());
        }
        catch (JsonException e)
        {
            return ParsedFrame.Fail(null, $"the frame is not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedFrame.Fail(null, "the frame must be a JSON object");
            }

            var reader = new FieldReader(root);
            var id = reader.String("id", MaxIdChars, required: false);
            var type = reader.String("type", 64, required: true);
            if (reader.Problem is { } typeProblem)
            {
                return ParsedFrame.Fail(id, typeProblem);
            }

            if (type is not ("send" or "sessions.list"))
            {
                return ParsedFrame.Fail(id, $"type: unknown frame type '{type}'; valid types: send, sessions.list");
            }

            if (id is null)
            {
                return ParsedFrame.Fail(null, reader.Problem ?? "id: required (a string naming this request)");
            }

            return type == "send" ? ParseSend(reader, id, clientChannels, maxTextChars) : ParsedFrame.Ok(new SessionsListFrame(id));
        }
    }

    /// <summary>Writes a client frame as the gateway expects it.</summary>
    public static byte[] Write(ClientFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (frame)
            {
                case SendFrame send:
                    writer.WriteString("type", "send");
                    writer.WriteString("id", send.Id);
                    writer.WriteString("channel", send.Channel);
                    writer.WriteStartObject("peer");
                    writer.WriteString("kind", send.Peer.Kind.ToKeyword());
                    writer.WriteString("id", send.Peer.Id);
                    writer.WriteEndObject();
                    writer.WriteString("sender", send.SenderId);
                    writer.WriteString("text", send.Text);
                    if (send.ThreadId is not null)
                    {
                        writer.WriteString("thread", send.ThreadId);
                    }

                    break;
                case SessionsListFrame list:
                    writer.WriteString("type", "sessions.list");
                    writer.WriteString("id", list.Id);
                    break;
                default:
                    throw new ArgumentException($"unknown frame {frame.GetType().Name}", nameof(frame));
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ParsedFrame ParseSend(FieldReader reader, string id, IReadOnlyCollection<string> clientChannels, int maxTextChars)
    {
        var channel = reader.String("channel", 64, required: true)?.Trim().ToLowerInvariant();
        var peer = reader.Peer();
        var sender = reader.String("sender", MaxPeerIdChars, required: false);
        var text = reader.String("text", int.MaxValue, required: true);
        var thread = reader.String("thread", MaxPeerIdChars, required: false);
        if (reader.Problem is { } problem)
        {
            return ParsedFrame.Fail(id, problem);
        }

        if (!clientChannels.Contains(channel!))
        {
            return ParsedFrame.Fail(id, $"channel: '{channel}' is not a client channel; valid: {string.Join(", ", clientChannels)}");
        }

        if (text!.Length > maxTextChars)
        {
            return ParsedFrame.Fail(id, $"text: {text.Length} characters is over the limit of {maxTextChars}");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return ParsedFrame.Fail(id, "text: empty; send some text");
        }

        if (sender is null && peer!.Kind != ChatType.Direct)
        {
            return ParsedFrame.Fail(id, $"sender: required for a {peer.Kind.ToKeyword()} peer (who in the {peer.Kind.ToKeyword()} wrote this?)");
        }

        return ParsedFrame.Ok(new SendFrame(id, channel!, peer!, sender?.Trim() ?? peer!.Id, text, thread?.Trim()));
    }

    /// <summary>Reads fields and keeps the first problem, so the error names the first bad field.</summary>
    private sealed class FieldReader(JsonElement root)
    {
        public string? Problem { get; private set; }

        public string? String(string name, int maxChars, bool required, JsonElement? parent = null, string? path = null)
        {
            path ??= name;
            if (!(parent ?? root).TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail($"{path}: required");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail($"{path}: expected a string but found {Describe(value.ValueKind)}");
                return null;
            }

            var text = value.GetString()!;
            if (maxChars != int.MaxValue && (text.Length > maxChars || text.Trim().Length == 0))
            {
                Fail(text.Trim().Length == 0 ? $"{path}: blank" : $"{path}: longer than {maxChars} characters");
                return null;
            }

            return text;
        }

        public Peer? Peer()
        {
            if (!root.TryGetProperty("peer", out var peer) || peer.ValueKind == JsonValueKind.Null)
            {
                Fail("peer: required ({kind: \"direct\"|\"group\"|\"channel\", id})");
                return null;
            }

            if (peer.ValueKind != JsonValueKind.Object)
            {
                Fail($"peer: expected an object {{kind, id}} but found {Describe(peer.ValueKind)}");
                return null;
            }

            var kindText = String("kind", 16, required: true, peer, "peer.kind");
            var peerId = String("id", MaxPeerIdChars, required: true, peer, "peer.id");
            if (Problem is not null)
            {
                return null;
            }

            if (ChatTypes.Parse(kindText) is not { } kind)
            {
                Fail($"peer.kind: unknown value '{kindText}'; valid values: {string.Join(", ", ChatTypes.Keywords)}");
                return null;
            }

            return new Peer(kind, peerId!.Trim());
        }

        private void Fail(string message) => Problem ??= message;

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => kind.ToString().ToLowerInvariant(),
        };
    }
}
