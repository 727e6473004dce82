namespace SlideEmbed.Cli;

/// <summary>What every command writes to; tests pass string writers.</summary>
/// <param name="Out">Normal output.</param>
/// <param name="Error">Errors, warnings and progress.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>Whether <see cref="Error"/> is an interactive terminal (progress bars) rather than a file or pipe.</summary>
    public bool ErrorIsTerminal { get; init; }
}
