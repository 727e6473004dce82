using SlideEmbed.Cli.Progress;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed embed &lt;slides, folders, globs, CSV lists&gt;... --model NAME --out DIR</c>: the batch run.
/// Every setting of <see cref="OptionTable"/> in <see cref="OptionScope.Embed"/> is a flag; every setting is a
/// <c>SLIDEEMBED_*</c> variable and a key of the <c>--config</c> file.
/// </summary>
public static class EmbedCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = OptionFlags.Slides("Slide files, folders, glob patterns or CSV lists (rows: slide path[,mpp]).");
        var config = OptionFlags.Config();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would run (and what is up to date), write nothing." };
        var command = new Command("embed", "Embed the tissue tiles of slides with a pathology foundation model (ONNX) into <out>/<model>/<slide>.tiles.arrow, with slide-level embeddings, QC pictures, GeoJSON and a run report. Resumes: complete, current outputs are skipped.")
        {
            slides, config, dryRun,
        };
        var flags = OptionFlags.AddTo(command, OptionScope.Embed);
        command.SetAction(async (parse, ct) =>
        {
            SlideEmbedOptions options;
            try
            {
                options = OptionFlags.Load(parse, command, slides, config, flags);
                if (options.Model is null || options.Out is null)
                {
                    throw new FormatException("Both --model and --out are required (as flags, SLIDEEMBED_MODEL / SLIDEEMBED_OUT, or in the --config file).");
                }

                if (!parse.GetValue(dryRun) && InputGuards.OutputFolder(options.Out) is { } outError)
                {
                    throw new FormatException(outError);
                }
            }
            catch (FormatException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            return await Run(parse.GetValue(slides)!, options, parse.GetValue(dryRun), context, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs a batch with resolved options.</summary>
    /// <param name="arguments">Slides, folders, globs, CSV lists.</param>
    /// <param name="options">The options.</param>
    /// <param name="dryRun">Only list.</param>
    /// <param name="context">Writers.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> Run(IReadOnlyList<string> arguments, SlideEmbedOptions options, bool dryRun, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        RunComposition setup;
        try
        {
            _ = RunProgressFactory.Create(options.LogFormat, TextWriter.Null, false);
            setup = RunComposition.Create(options, loadEncoders: !dryRun, context.Error.WriteLine);
        }
        catch (Exception e) when (e is ModelManifestException or EncoderUnavailableException or ArgumentException or FormatException or IOException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        using var owned = setup;

        IReadOnlyList<SlideInput> found;
        IReadOnlyList<(string Path, string Reason)> skipped;
        try
        {
            (found, skipped) = SlideDiscovery.Find(arguments, options.Recursive, setup.Opener);
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException or IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        var list = found.Select(s => Path.GetFullPath(s.Path)).ToList();
        SlideShard? shard;
        try
        {
            (found, shard) = ShardSelection.Select(options.Shard, found);
        }
        catch (FormatException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }

        if (found.Count == 0 && skipped.Count > 0 && skipped.All(s => s.Reason == "does not exist"))
        {
            context.Error.WriteLine($"error: none of the slides given exists (first: '{skipped[0].Path}').");
            return ExitCodes.Usage;
        }

        var manifest = setup.Manifest;
        if (!manifest.Trained)
        {
            context.Error.WriteLine($"note: model '{manifest.Name}' ({manifest.DisplayName}) has random weights and is NOT trained; its embeddings are for demonstrations and tests only.");
        }

        var outDir = Path.Combine(Path.GetFullPath(options.Out!), manifest.Name);
        var report = new RunReport
        {
            StartedUtc = DateTimeOffset.UtcNow,
            Model = manifest.Name,
            Settings = OptionTable.All.ToDictionary(s => s.Key, s => s.Read(options)),
            Shard = shard,
            SlideList = list,
        };
        var progress = RunProgressFactory.Create(options.LogFormat, context.Error, context.ErrorIsTerminal);
        var cancelled = false;
        try
        {
            await setup.Runner.RunAsync(found, skipped, outDir, report, options.Force, dryRun, progress, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            context.Error.WriteLine("Stopped: finished slides are kept; run the same command again to do the rest.");
        }

        report.FinishedUtc = DateTimeOffset.UtcNow;
        var code = cancelled ? ExitCodes.Cancelled : ExitCodes.ForBatch(report.Attempted, report.Failed);
        if (!dryRun)
        {
            code = RunReportOutput.Write(report, outDir, context, summary: true, code, RunReport.FileName(shard));
        }
        else
        {
            foreach (var s in report.Slides)
            {
                context.Out.WriteLine($"{(s.Status == SlideStatus.Planned ? "would run " : s.Status == SlideStatus.UpToDate ? "up to date" : s.Status == SlideStatus.NotASlide ? "not slide " : "error     ")} {s.Path}{(s.Error is null ? string.Empty : $" ({s.Error})")}");
            }
        }

        return code;
    }
}
