using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Carapace.Testing.Models;

/// <summary>
/// A scripted Anthropic Messages API server on loopback (<c>POST /v1/messages</c>, streamed and not), so the official
/// Anthropic SDK runs its real code path in tests. Prompts are recorded in the same normalised shape as OpenAI's.
/// </summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    private FakeAnthropicServer()
    {
    }

    /// <summary>The base URL to configure for the Anthropic SDK (it appends <c>/v1/messages</c>).</summary>
    public Uri BaseUrl => Root;

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeAnthropicServer> StartAsync()
    {
        var server = new FakeAnthropicServer();
        await server.StartHostAsync();
        return server;
    }

    /// <inheritdoc />
    protected override void Map(WebApplication app) => app.MapPost("/v1/messages", HandleAsync);

    private async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
        var json = JsonNode.Parse(body)!.AsObject();
        var messages = new List<RecordedMessage>();
        if (TextOf(json["system"]) is { Length: > 0 } system)
        {
            messages.Add(new RecordedMessage("system", system, []));
        }

        foreach (var message in json["messages"]?.AsArray() ?? [])
        {
            messages.AddRange(ParseMessage(message!.AsObject()));
        }

        var request = new RecordedRequest
        {
            Model = json["model"]?.GetValue<string>() ?? "",
            Stream = json["stream"]?.GetValue<bool>() ?? false,
            Messages = messages,
            Tools = (json["tools"]?.AsArray() ?? []).Select(t => t!["name"]?.GetValue<string>() ?? "").ToArray(),
            Body = body,
            Headers = HeadersOf(context.Request),
        };
        var reply = RecordAndPick(request);
        await DelayAsync(reply, ct);
        if (ct.IsCancellationRequested)
        {
            return;
        }

        var inputTokens = CountTokens(messages.Select(m => m.Text));
        var outputTokens = Math.Max(1, Tokens(reply.Text).Count + reply.ToolCalls.Count);
        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(ErrorBody(reply, status), ct);
        }
        else if (request.Stream)
        {
            await StreamAsync(context.Response, request.Model, reply, inputTokens, outputTokens, ct);
        }
        else
        {
            var message = MessageShell(request.Model, inputTokens, outputTokens, StopReason(reply));
            message["content"] = new JsonArray(Blocks(reply).ToArray());
            await context.Response.WriteAsJsonAsync(message, ct);
        }
    }

    private static IEnumerable<RecordedMessage> ParseMessage(JsonObject message)
    {
        var role = message["role"]?.GetValue<string>() ?? "";
        if (message["content"] is not JsonArray blocks)
        {
            yield return new RecordedMessage(role, TextOf(message["content"]), []);
            yield break;
        }

        foreach (var result in blocks.Where(b => Type(b) == "tool_result"))
        {
            yield return new RecordedMessage("tool", TextOf(result!["content"]), [], result["tool_use_id"]?.GetValue<string>());
        }

        var calls = blocks.Where(b => Type(b) == "tool_use")
            .Select(b => new ScriptedToolCall(b!["id"]?.GetValue<string>() ?? "", b["name"]?.GetValue<string>() ?? "", b["input"]?.ToJsonString() ?? "{}"))
            .ToArray();
        var text = string.Concat(blocks.Where(b => Type(b) == "text").Select(b => b!["text"]?.GetValue<string>()));
        if (text.Length > 0 || calls.Length > 0)
        {
            yield return new RecordedMessage(role, text, calls);
        }
    }

    private static string? Type(JsonNode? block) => block?["type"]?.GetValue<string>();

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    private static JsonObject ErrorBody(ModelReply reply, int status) => new()
    {
        ["type"] = "error",
        ["error"] = new JsonObject
        {
            ["type"] = status switch
            {
                429 => "rate_limit_error",
                401 => "authentication_error",
                529 => "overloaded_error",
                >= 500 => "api_error",
                _ => "invalid_request_error",
            },
            ["message"] = reply.ErrorMessage,
        },
    };

    private static IEnumerable<JsonNode> Blocks(ModelReply reply)
    {
        if (reply.Text.Length > 0)
        {
            yield return new JsonObject { ["type"] = "text", ["text"] = reply.Text };
        }

        foreach (var call in reply.ToolCalls)
        {
            yield return new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) };
        }
    }

    private static JsonObject MessageShell(string model, int inputTokens, int outputTokens, string? stopReason) => new()
    {
        ["id"] = "msg_fake",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(),
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = outputTokens },
    };

    private static string StopReason(ModelReply reply) => reply.ToolCalls.Count > 0 ? "tool_use" : "end_turn";

    private static async Task StreamAsync(HttpResponse response, string model, ModelReply reply, int inputTokens, int outputTokens, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await SendAsync(response, "message_start", new JsonObject { ["message"] = MessageShell(model, inputTokens, 1, null) }, ct);
        await SendAsync(response, "ping", [], ct);
        var index = 0;
        if (reply.Text.Length > 0)
        {
            await SendAsync(response, "content_block_start", new JsonObject { ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } }, ct);
            foreach (var token in Tokens(reply.Text))
            {
                await PaceAsync(reply, ct);
                await SendAsync(response, "content_block_delta", Delta(index, "text_delta", "text", token), ct);
            }

            await SendAsync(response, "content_block_stop", new JsonObject { ["index"] = index++ }, ct);
        }

        foreach (var call in reply.ToolCalls)
        {
            var block = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() };
            await SendAsync(response, "content_block_start", new JsonObject { ["index"] = index, ["content_block"] = block }, ct);
            var half = call.ArgumentsJson.Length / 2;
            foreach (var piece in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
            {
                await SendAsync(response, "content_block_delta", Delta(index, "input_json_delta", "partial_json", piece), ct);
            }

            await SendAsync(response, "content_block_stop", new JsonObject { ["index"] = index++ }, ct);
        }

        await SendAsync(response, "message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = StopReason(reply), ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = outputTokens },
        }, ct);
        await SendAsync(response, "message_stop", [], ct);
    }

    private static JsonObject Delta(int index, string type, string field, string value) => new()
    {
        ["index"] = index,
        ["delta"] = new JsonObject { ["type"] = type, [field] = value },
    };

    private static async Task SendAsync(HttpResponse response, string type, JsonObject data, CancellationToken ct)
    {
        var payload = new JsonObject { ["type"] = type };
        foreach (var (key, value) in data)
        {
            payload[key] = value?.DeepClone();
        }

        await response.WriteAsync($"event: {type}\ndata: {payload.ToJsonString()}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
