using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SlideEmbed.Worker.Tests;

/// <summary>Keeps log lines in memory so a failing assertion can show them.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
    }

    public override string ToString() => string.Join(Environment.NewLine, _lines);
}
