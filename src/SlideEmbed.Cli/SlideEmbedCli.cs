using SlideEmbed.Cli.Commands;

namespace SlideEmbed.Cli;

/// <summary>Builds and runs the <c>slideembed</c> command line; the entry point tests call in process.</summary>
public static class SlideEmbedCli
{
    /// <summary>Parses and runs <paramref name="args"/>.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="output">Where normal output goes.</param>
    /// <param name="error">Where errors and warnings go.</param>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = BuildRoot(new CliContext(output, error) { ErrorIsTerminal = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected });
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                error.WriteLine($"error: {e.Message}");
            }

            error.WriteLine("Run 'slideembed --help' (or 'slideembed <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The root command with every subcommand.</summary>
    /// <param name="context">Output writers shared by the commands.</param>
    /// <returns>The root command.</returns>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("SlideEmbed: whole-slide images to foundation-model embeddings, at an exact microns-per-pixel.");
        root.Subcommands.Add(InspectCommand.Create(context));
        root.Subcommands.Add(TilesCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(SynthCommand.Create(context));
        root.Subcommands.Add(ConfigCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        root.Subcommands.Add(AggregateCommand.Create(context));
        root.Subcommands.Add(ModelsCommand.Create(context));
        root.Subcommands.Add(TokensCommand.Create(context));
        root.Subcommands.Add(HeatmapCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(DevicesCommand.Create(context));
        root.Subcommands.Add(CompareCommand.Create(context));
        return root;
    }
}
