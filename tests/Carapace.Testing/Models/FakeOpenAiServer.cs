using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Carapace.Testing.Models;

/// <summary>
/// A scripted OpenAI-compatible chat completions (and embeddings) server on loopback, so the real OpenAI client code
/// path (streaming, tool calls, error bodies, usage) runs in tests without a network or a model.
/// </summary>
public sealed class FakeOpenAiServer : FakeModelServer
{
    private FakeOpenAiServer()
    {
    }

    /// <summary>The <c>/v1/embeddings</c> endpoint, for memory configured with remote embeddings.</summary>
    public FakeEmbeddings Embeddings { get; } = new();

    /// <summary>The OpenAI base URL to configure, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseUrl => new(Root, "v1");

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        await server.StartHostAsync();
        return server;
    }

    /// <inheritdoc />
    protected override void Map(WebApplication app)
    {
        app.MapGet("/v1/models", () => Results.Text(
            """{"object":"list","data":[{"id":"fake-model","object":"model","created":0,"owned_by":"carapace-tests"}]}""",
            "application/json"));
        app.MapPost("/v1/chat/completions", HandleAsync);
        app.MapPost("/v1/embeddings", Embeddings.HandleAsync);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(ct);
        var json = JsonNode.Parse(body)!.AsObject();
        var request = new RecordedRequest
        {
            Model = json["model"]?.GetValue<string>() ?? "",
            Stream = json["stream"]?.GetValue<bool>() ?? false,
            Messages = (json["messages"]?.AsArray() ?? []).Select(m => ParseMessage(m!.AsObject())).ToArray(),
            Tools = (json["tools"]?.AsArray() ?? []).Select(t => t!["function"]?["name"]?.GetValue<string>() ?? "").ToArray(),
            Body = body,
            Headers = HeadersOf(context.Request),
        };
        var reply = RecordAndPick(request);
        await DelayAsync(reply, ct);
        if (ct.IsCancellationRequested)
        {
            return;
        }

        var usage = new JsonObject
        {
            ["prompt_tokens"] = CountTokens(request.Messages.Select(m => m.Text)),
            ["completion_tokens"] = Math.Max(1, Tokens(reply.Text).Count + reply.ToolCalls.Count),
        };
        usage["total_tokens"] = usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>();

        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(ErrorBody(reply, status), ct);
        }
        else if (request.Stream)
        {
            var includeUsage = json["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false;
            await StreamAsync(context.Response, request.Model, reply, includeUsage ? usage : null, ct);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(Completion(request.Model, reply, usage), ct);
        }
    }

    private static RecordedMessage ParseMessage(JsonObject message)
    {
        var content = message["content"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
            _ => "",
        };
        var calls = (message["tool_calls"]?.AsArray() ?? []).Select(c => new ScriptedToolCall(
            c!["id"]?.GetValue<string>() ?? "",
            c["function"]?["name"]?.GetValue<string>() ?? "",
            c["function"]?["arguments"]?.GetValue<string>() ?? "")).ToArray();
        return new RecordedMessage(message["role"]?.GetValue<string>() ?? "", content, calls, message["tool_call_id"]?.GetValue<string>());
    }

    private static JsonObject ErrorBody(ModelReply reply, int status) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = reply.ErrorMessage,
            ["type"] = status switch { 429 => "requests", >= 500 => "server_error", _ => "invalid_request_error" },
            ["param"] = null,
            ["code"] = reply.ErrorCode,
        },
    };

    private static JsonObject Completion(string model, ModelReply reply, JsonObject usage)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = reply.ToolCalls.Count > 0 && reply.Text.Length == 0 ? null : reply.Text };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray(reply.ToolCalls.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
            }).ToArray());
        }

        return Envelope("chat.completion", model, new JsonObject
        {
            ["index"] = 0,
            ["message"] = message,
            ["finish_reason"] = FinishReason(reply),
        }, usage);
    }

    private static async Task StreamAsync(HttpResponse response, string model, ModelReply reply, JsonObject? usage, CancellationToken ct)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await SendAsync(response, Chunk(model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null), ct);
        foreach (var token in Tokens(reply.Text))
        {
            await PaceAsync(reply, ct);
            await SendAsync(response, Chunk(model, new JsonObject { ["content"] = token }, null), ct);
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            await SendAsync(response, Chunk(model, ToolDelta(i, new JsonObject
            {
                ["id"] = call.Id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" },
            }), null), ct);
            var half = call.ArgumentsJson.Length / 2;
            foreach (var piece in new[] { call.ArgumentsJson[..half], call.ArgumentsJson[half..] })
            {
                await SendAsync(response, Chunk(model, ToolDelta(i, new JsonObject { ["function"] = new JsonObject { ["arguments"] = piece } }), null), ct);
            }
        }

        await SendAsync(response, Chunk(model, new JsonObject(), FinishReason(reply)), ct);
        if (usage is not null)
        {
            var last = Envelope("chat.completion.chunk", model, null, usage);
            await SendAsync(response, last, ct);
        }

        await response.WriteAsync("data: [DONE]\n\n", ct);
        await response.Body.FlushAsync(ct);
    }

    private static JsonObject ToolDelta(int index, JsonObject call)
    {
        call["index"] = index;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private static JsonObject Chunk(string model, JsonObject delta, string? finishReason) =>
        Envelope("chat.completion.chunk", model, new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }, null);

    private static JsonObject Envelope(string kind, string model, JsonObject? choice, JsonObject? usage)
    {
        var envelope = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = kind,
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
        };
        if (usage is not null)
        {
            envelope["usage"] = usage.DeepClone();
        }

        return envelope;
    }

    private static string FinishReason(ModelReply reply) => reply.ToolCalls.Count > 0 ? "tool_calls" : "stop";

    private static async Task SendAsync(HttpResponse response, JsonObject data, CancellationToken ct)
    {
        await response.WriteAsync("data: " + data.ToJsonString() + "\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
