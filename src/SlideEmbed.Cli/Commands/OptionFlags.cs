using System.CommandLine;
using SlideEmbed.Configuration;

namespace SlideEmbed.Cli.Commands;

/// <summary>Turns the rows of <see cref="OptionTable"/> in a command's scope into its command-line options and collects the ones given.</summary>
public static class OptionFlags
{
    /// <summary>Adds one option per setting of the command's scope to it.</summary>
    /// <param name="command">The command.</param>
    /// <param name="scope">The command, as the table's rows name it.</param>
    /// <returns>Setting key to option.</returns>
    public static IReadOnlyDictionary<string, Option> AddTo(Command command, OptionScope scope)
    {
        ArgumentNullException.ThrowIfNull(command);
        var map = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (var spec in OptionTable.For(scope))
        {
            Option option = spec.Kind == "bool"
                ? new Option<bool>("--" + spec.Key) { Description = spec.Help }
                : new Option<string?>("--" + spec.Key) { Description = spec.Help };
            command.Options.Add(option);
            map[spec.Key] = option;
        }

        return map;
    }

    /// <summary>The settings given on the command line, as text (null for a bare boolean flag).</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="flags">The options from <see cref="AddTo"/>.</param>
    /// <returns>Key to text.</returns>
    public static IReadOnlyDictionary<string, string?> Given(ParseResult parse, IReadOnlyDictionary<string, Option> flags)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(flags);
        var given = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, option) in flags)
        {
            var result = parse.GetResult(option);
            if (result is null || result.Implicit)
            {
                continue;
            }

            given[key] = option is Option<bool> b ? (parse.GetValue(b) ? "true" : "false") : parse.GetValue((Option<string?>)option);
        }

        return given;
    }

    /// <summary>The <c>--out</c> (<c>-o</c>) option of commands that only read and write files (<c>aggregate</c>, <c>tokens</c>, <c>heatmap</c>).</summary>
    /// <returns>A new required option.</returns>
    public static Option<string> Out() => new("--out", "-o") { Description = "Output folder (created when missing).", Required = true };
}
