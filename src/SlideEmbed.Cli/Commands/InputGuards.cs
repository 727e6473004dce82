using System.Globalization;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// Checks every command makes before any work, each failing with one line (exit 2): an argument that looks
/// like a mistyped option, and an output folder that is empty, a file or not writable.
/// </summary>
public static class InputGuards
{
    /// <summary>The error for the first argument that looks like an option the command does not have, or null.</summary>
    /// <param name="arguments">The positional arguments as parsed.</param>
    /// <param name="knownOptions">The command's option names with dashes, e.g. <c>--min-tissue</c>.</param>
    /// <returns>The error line, or null.</returns>
    public static string? UnknownOption(IEnumerable<string> arguments, IEnumerable<string> knownOptions)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(knownOptions);
        foreach (var argument in arguments)
        {
            // A file really named "-x" is given as ./-x.
            if (argument.Length < 2 || argument[0] != '-')
            {
                continue;
            }

            var name = argument.Split('=', 2)[0];
            var closest = knownOptions.Select(o => (Option: o, Distance: Distance(name, o))).MinBy(p => p.Distance);
            var hint = closest.Option is not null && closest.Distance <= 3 ? $" Did you mean '{closest.Option}'?" : string.Empty;
            return $"Unknown option '{name}'.{hint} See --help.";
        }

        return null;
    }

    /// <summary>
    /// Makes sure <paramref name="outDir"/> can hold outputs: not empty, not a file, and it or its nearest existing
    /// parent folder writable. Creates nothing.
    /// </summary>
    /// <param name="outDir">The folder as given.</param>
    /// <param name="option">The option name for the message, e.g. <c>--out</c>.</param>
    /// <returns>The error line, or null when the folder can be written.</returns>
    public static string? OutputFolder(string? outDir, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(outDir))
        {
            return $"{option} is empty; give the folder for the outputs.";
        }

        try
        {
            var full = Path.GetFullPath(outDir);
            if (File.Exists(full))
            {
                return $"{option} '{outDir}' is a file; give a folder for the outputs.";
            }

            var existing = full;
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing))
                {
                    return $"{option} '{outDir}' lies under '{existing}', which is a file.";
                }

                existing = Path.GetDirectoryName(existing) ?? throw new IOException("no existing parent folder");
            }

            var probe = Path.Combine(existing, string.Create(CultureInfo.InvariantCulture, $".slideembed-write-check.{Environment.ProcessId}.{Guid.NewGuid():N}"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot write to {option} '{outDir}': {e.Message}";
        }
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
