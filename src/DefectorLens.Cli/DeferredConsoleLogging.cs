using Microsoft.Extensions.Logging;

namespace DefectorLens.Cli;

/// <summary>Console logging on standard error, built only when something is logged at the level asked for.</summary>
/// <remarks>
/// Building the console logger (its options, queue and writer thread) took 40 ms, a twentieth of a statistics command, and at
/// the default level (warnings) most commands log nothing. Scopes are not passed on: the console's format shows none.
/// </remarks>
internal sealed class DeferredConsoleLogging : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _console;

    public DeferredConsoleLogging() => _console = new(() => LoggerFactory.Create(logging => logging
        .AddFilter(level => level >= MinimumLevel)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)));

    /// <summary>The least severe level written; known only once the command line is parsed, which needs the loggers first.</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Warning;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => _console.Value.AddProvider(provider);

    /// <inheritdoc />
    public void Dispose()
    {
        // Flushes what the console logger still queues.
        if (_console.IsValueCreated)
        {
            _console.Value.Dispose();
        }
    }

    private sealed class DeferredLogger(DeferredConsoleLogging logging, string category) : ILogger
    {
        private ILogger? _console;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= logging.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                (_console ??= logging._console.Value.CreateLogger(category)).Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
