using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Carapace.Channels.CrabCallr.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Carapace.Channels.CrabCallr.Tests.Infrastructure;

/// <summary>
/// A hand-driven stand-in for the hosted relay's plugin side, for what the real relay never does on purpose:
/// withholding pongs, sending malformed frames. Each accepted socket becomes a <see cref="Session"/> the test drives.
/// </summary>
internal sealed class ScriptedManager : IAsyncDisposable
{
    private readonly Channel<Session> _sessions = Channel.CreateUnbounded<Session>();
    private LoopbackServer? _server;

    public Uri PluginUri => _server!.WebSocketUri("/plugin");

    public static async Task<ScriptedManager> StartAsync()
    {
        var manager = new ScriptedManager();
        manager._server = await LoopbackServer.StartAsync(async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var session = new Session(socket);
            manager._sessions.Writer.TryWrite(session);
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await session.Done.Task.WaitAsync(stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        return manager;
    }

    /// <summary>The next connection from the adapter.</summary>
    public async Task<Session> AcceptAsync() => await _sessions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => _server!.DisposeAsync();

    internal sealed class Session(WebSocket socket)
    {
        private readonly FrameSocket _frames = new(socket);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendAsync(Frame frame) => _frames.SendAsync(frame, CancellationToken.None).AsTask();

        public Task SendRawAsync(string json) => socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

        /// <summary>The next frame from the adapter, or the close code when it closed instead.</summary>
        public async Task<(Frame? Frame, int? CloseCode)> ReceiveAsync()
        {
            var message = await _frames.ReceiveAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            if (message.CloseCode is { } code)
            {
                Done.TrySetResult();
                return (null, code);
            }

            Assert.True(FrameCodec.TryParse(message.Data!.Value.Span, out var frame, out var error), error);
            return (frame, null);
        }

        public async Task<T> ExpectAsync<T>()
            where T : Frame
        {
            var (frame, close) = await ReceiveAsync();
            Assert.Null(close);
            return Assert.IsType<T>(frame);
        }

        /// <summary>Authenticates the adapter that just connected.</summary>
        public async Task AcceptAuthAsync(string userId = "user-1")
        {
            await ExpectAsync<AuthFrame>();
            await SendAsync(new AuthResultFrame(true) { UserId = userId, Ts = 1 });
        }

        public async Task CloseAsync(int code)
        {
            await _frames.CloseAsync(code, "scripted");
            Done.TrySetResult();
        }
    }
}
