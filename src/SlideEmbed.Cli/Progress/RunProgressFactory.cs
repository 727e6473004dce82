namespace SlideEmbed.Cli.Progress;

/// <summary>Picks the progress display for a log format and the kind of output.</summary>
public static class RunProgressFactory
{
    /// <summary>Creates the display.</summary>
    /// <param name="format"><c>auto</c>, <c>plain</c> or <c>json</c>.</param>
    /// <param name="writer">Where progress goes (standard error).</param>
    /// <param name="isTerminal">Whether <paramref name="writer"/> is an interactive terminal.</param>
    /// <returns>The display.</returns>
    /// <exception cref="ArgumentException">Unknown format.</exception>
    public static IRunProgress Create(string format, TextWriter writer, bool isTerminal) => format.ToLowerInvariant() switch
    {
        "auto" => isTerminal ? new TerminalProgress(writer, TimeProvider.System) : new PlainProgress(writer, TimeProvider.System),
        "plain" => new PlainProgress(writer, TimeProvider.System),
        "json" => new JsonProgress(writer, TimeProvider.System),
        _ => throw new ArgumentException($"Unknown log format '{format}': use auto, plain or json."),
    };
}
