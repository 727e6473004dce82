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


    /// <summary>The <c>slides</c> argument: one or more slide paths (or what the command also accepts).</summary>
    /// <param name="description">What the command accepts as a slide.</param>
    /// <returns>A new argument.</returns>
    public static Argument<string[]> Slides(string description) => new("slides") { Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>The <c>--config</c> option: the JSON settings file read by <see cref="OptionsLoader"/>.</summary>
    /// <param name="description">The help text; by default the one of <c>embed</c> and <c>tiles</c>.</param>
    /// <returns>A new option.</returns>
    public static Option<string?> Config(string description = "JSON configuration file (keys as the long options; see slideembed.example.json).") =>
        new("--config") { Description = description };

    /// <summary>
    /// The settings of a command over slides: defaults, then the <c>--config</c> file, the <c>SLIDEEMBED_*</c>
    /// environment and the flags given, after checking that no slide argument is a mistyped option.
    /// </summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="command">The command, for its option names.</param>
    /// <param name="slides">The command's <see cref="Slides"/> argument.</param>
    /// <param name="config">The command's <see cref="Config"/> option.</param>
    /// <param name="flags">The options from <see cref="AddTo"/>.</param>
    /// <returns>The resolved options.</returns>
    /// <exception cref="FormatException">A slide argument looks like an unknown option, or a setting is invalid.</exception>
    public static SlideEmbedOptions Load(ParseResult parse, Command command, Argument<string[]> slides, Option<string?> config, IReadOnlyDictionary<string, Option> flags)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(command);
        if (InputGuards.UnknownOption(parse.GetValue(slides)!, command.Options.Select(o => o.Name)) is { } unknown)
        {
            throw new FormatException(unknown);
        }

        return OptionsLoader.Load(parse.GetValue(config), null, Given(parse, flags));
    }

    /// <summary>The <c>--out</c> (<c>-o</c>) option of commands that only read and write files (<c>aggregate</c>, <c>tokens</c>, <c>heatmap</c>).</summary>
    /// <returns>A new required option.</returns>
    public static Option<string> Out() => new("--out", "-o") { Description = "Output folder (created when missing).", Required = true };
}
