using System.Text.Json;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// Runs a cohort command's work and turns expected failures into one error line and an exit code:
/// bad arguments and missing inputs are usage errors (2), unreadable or inconsistent files failures (1).
/// </summary>
internal static class CohortErrors
{
    public static int Run(CliContext context, Func<int> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or KeyNotFoundException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>A progress line on standard error, with the time.</summary>
    public static Action<string> Log(CliContext context) =>
        line => context.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
}
