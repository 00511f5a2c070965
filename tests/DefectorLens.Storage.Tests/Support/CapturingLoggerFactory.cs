using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage.Tests.Support;

/// <summary>Keeps every log line written, with its event id, so that tests can read what was logged.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<(EventId Id, string Message)> _lines = new();

    public IReadOnlyList<(EventId Id, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(EventId Id, string Message)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The exception is part of what a sink would write, so it is checked too.
            lines.Enqueue((eventId, formatter(state, exception) + (exception is null ? "" : " " + exception)));
        }
    }
}
