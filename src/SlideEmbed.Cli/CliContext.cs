namespace SlideEmbed.Cli;

/// <summary>What every command writes to; tests pass string writers.</summary>
/// <param name="Out">Normal output.</param>
/// <param name="Error">Errors and warnings.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error);
