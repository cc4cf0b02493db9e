using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bazaar.Benchmarks;

/// <summary>
/// The engine's log for <c>--engine-log</c>: warnings and errors of every category, and the
/// partition-lease events, one line each with the time, written to a file. It shows what an
/// unexpectedly slow run waited on (a lost lease, an abandoned work item, a redelivered message).
/// </summary>
internal sealed class EngineLog : ILoggerFactory, ILoggerProvider
{
    private static readonly string[] Watched = ["Lease", "Partition", "Abandon", "Duplicate", "Ownership", "Discard"];

    private readonly StreamWriter writer;
    private readonly ConcurrentDictionary<string, Logger> loggers = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public EngineLog(string path)
    {
        this.writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => this.loggers.GetOrAdd(categoryName, c => new Logger(this, c));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
        lock (this.gate)
        {
            this.writer.Dispose();
        }
    }

    private void Write(string category, LogLevel level, EventId id, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {level} {category} {id.Name ?? id.Id.ToString(CultureInfo.InvariantCulture)}: {message}");
        lock (this.gate)
        {
            this.writer.WriteLine(line);
        }
    }

    private sealed class Logger(EngineLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < LogLevel.Information)
            {
                return;
            }

            var name = eventId.Name ?? string.Empty;
            if (logLevel >= LogLevel.Warning || Watched.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                log.Write(category, logLevel, eventId, formatter(state, exception) + (exception is null ? string.Empty : " " + exception.GetType().Name + ": " + exception.Message));
            }
        }
    }
}
