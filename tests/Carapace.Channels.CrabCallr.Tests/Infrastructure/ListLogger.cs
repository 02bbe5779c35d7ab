using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Carapace.Channels.CrabCallr.Tests.Infrastructure;

/// <summary>Keeps formatted log lines so a test can assert that a skipped frame was reported, not swallowed.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
