using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Carapace.Testing.Models;

/// <summary>
/// The hosting, scripting and recording shared by the fake model servers: a loopback Kestrel on port 0, a queue of
/// canned replies or a script callback, and a thread-safe record of every request. Subclasses speak one wire protocol.
/// </summary>
public abstract class FakeModelServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<ModelReply> _queue = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private Func<RecordedRequest, ModelReply>? _script;
    private WebApplication? _app;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Queues canned replies, used in order; a script set by <see cref="Script"/> takes precedence.</summary>
    public void Enqueue(params ModelReply[] replies)
    {
        lock (_gate)
        {
            foreach (var reply in replies)
            {
                _queue.Enqueue(reply);
            }
        }
    }

    /// <summary>Answers every request through a callback (called concurrently for concurrent requests).</summary>
    public void Script(Func<RecordedRequest, ModelReply> script)
    {
        lock (_gate)
        {
            _script = script;
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have been recorded.</summary>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts Kestrel on 127.0.0.1 with a free port and maps the protocol's endpoints.</summary>
    protected async Task StartHostAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Root = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>Maps the protocol's endpoints.</summary>
    protected abstract void Map(WebApplication app);

    /// <summary>Records a request and picks its reply: the script, else the next queued reply, else a 400 saying nothing was scripted.</summary>
    protected ModelReply RecordAndPick(RecordedRequest request)
    {
        Func<RecordedRequest, ModelReply>? script;
        ModelReply? queued = null;
        lock (_gate)
        {
            _requests.Add(request);
            foreach (var waiter in _waiters.Where(w => w.Count <= _requests.Count).ToArray())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }

            script = _script;
            if (script is null && !_queue.TryDequeue(out queued))
            {
                queued = ModelReply.Failure(400, "fake_server_unscripted", $"fake model server: no reply scripted for request #{_requests.Count}");
            }
        }

        return script?.Invoke(request) ?? queued!;
    }

    /// <summary>Copies the request headers for recording.</summary>
    protected static IReadOnlyDictionary<string, string> HeadersOf(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());

    /// <summary>Waits for the reply's gate and delay, ending early (without throwing) when the client goes away.</summary>
    protected static async Task DelayAsync(ModelReply reply, CancellationToken cancellationToken)
    {
        if (reply.Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits between streamed tokens at the reply's rate.</summary>
    protected static Task PaceAsync(ModelReply reply, CancellationToken cancellationToken) =>
        reply.TokensPerSecond is > 0 and var rate ? Task.Delay(TimeSpan.FromSeconds(1 / rate), cancellationToken) : Task.CompletedTask;

    /// <summary>Splits text into word tokens that concatenate back to the text (spaces stay attached to the next word).</summary>
    protected static IReadOnlyList<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i - 1]))
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }

        if (start < text.Length)
        {
            tokens.Add(text[start..]);
        }

        return tokens;
    }

    /// <summary>A rough token count for usage numbers: whitespace-separated words.</summary>
    protected static int CountTokens(IEnumerable<string> texts) =>
        texts.Sum(t => t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
}
