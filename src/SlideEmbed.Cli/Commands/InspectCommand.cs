using SlideEmbed.Cli.Inspect;
using SlideEmbed.OpenSlide;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Commands;

/// <summary><c>slideembed inspect &lt;slide&gt;... [--json]</c>: what a slide holds and whether it can be processed.</summary>
public static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = OptionFlags.Slides("Slide files to inspect.");
        var json = new Option<bool>("--json") { Description = "Write one JSON document (an array, one object per slide) instead of tables." };
        var command = new Command("inspect", "Show vendor, levels (size, downsample, mpp), objective, associated images and file size of slides. Exits non-zero when a slide cannot be opened.")
        {
            slides, json,
        };
        var flags = OptionFlags.AddTo(command, OptionScope.Inspect);
        command.SetAction(parse =>
        {
            MppOverrides overrides;
            try
            {
                if (InputGuards.UnknownOption(parse.GetValue(slides)!, command.Options.Select(o => o.Name)) is { } unknown)
                {
                    throw new FormatException(unknown);
                }

                var options = OptionsLoader.Load(null, null, OptionFlags.Given(parse, flags));
                overrides = MppOverrides.Create(options.SlideMpp, options.SlideMppCsv, options.SlideMppForce ? MppOverrideMode.Force : MppOverrideMode.Fallback);
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            var opener = new OpenSlideOpener();
            var results = parse.GetValue(slides)!.Select(p => SlideInspection.Inspect(p, opener, overrides)).ToList();
            if (parse.GetValue(json))
            {
                InspectionJson.Write(results, context.Out);
            }
            else
            {
                foreach (var r in results)
                {
                    InspectionTable.Write(r, context.Out);
                }
            }

            foreach (var failed in results.Where(r => !r.Opened))
            {
                context.Error.WriteLine($"error: {failed.Error!.Message}");
            }

            return ExitCodes.ForBatch(results.Count, results.Count(r => !r.Opened));
        });
        return command;
    }
}
