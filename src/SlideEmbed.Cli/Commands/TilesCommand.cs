using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.Cli.Progress;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Output;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed tiles &lt;slide&gt;... --out DIR</c>: tissue detection and the tile grid at an exact mpp,
/// written per slide as <c>&lt;id&gt;.tiles.arrow</c>, <c>&lt;id&gt;.mask.png</c>, <c>&lt;id&gt;.qc.png</c> and
/// <c>&lt;id&gt;.tissue.geojson</c>. Its tiling and resolution settings are the rows of <see cref="OptionTable"/> in <see cref="OptionScope.Tiles"/>
/// (flags, <c>SLIDEEMBED_*</c> variables and <c>--config</c> keys, validated alike); <c>--mpp</c> and
/// <c>--tile-size</c> stand in for the model's resolution and tile size. Each slide goes through the same
/// single-slide run as <c>embed</c> (<see cref="SlideRun"/> with a <see cref="TileTableJob"/>): slides whose
/// outputs are complete and current are skipped (<c>--force</c> redoes them), and <c>run-report.json</c> is written.
/// </summary>
public static class TilesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = OptionFlags.Slides("Slide files.");
        var mpp = new Option<double>("--mpp") { Description = FormattableString.Invariant($"Target resolution of the tiles in microns per pixel, {TilingOptions.MinTargetMpp}-{TilingOptions.MaxTargetMpp} (no rounding to magnifications)."), DefaultValueFactory = _ => 0.5 };
        var tileSize = new Option<int>("--tile-size") { Description = "Tile edge in pixels at the target resolution.", DefaultValueFactory = _ => 224 };
        var config = OptionFlags.Config();
        var command = new Command("tiles", "Detect tissue and lay a tile grid at an exact microns-per-pixel; write the tile table (Arrow), tissue mask, QC picture and GeoJSON per slide.")
        {
            slides, mpp, tileSize, config,
        };
        var flags = OptionFlags.AddTo(command, OptionScope.Tiles);
        command.SetAction(async (parse, ct) =>
        {
            SlideEmbedOptions options;
            TilingOptions tiling;
            MppOverrides overrides;
            Tissue.ITissueDetector detector;
            string outDir;
            try
            {
                options = OptionFlags.Load(parse, command, slides, config, flags);
                tiling = new TilingOptions
                {
                    TargetMpp = TilingOptions.Target(parse.GetValue(mpp)),
                    EdgeAtTargetPx = parse.GetValue(tileSize),
                    OverlapAtTargetPx = options.Overlap,
                    MinTissueFraction = options.MinTissue,
                    MaxTiles = options.MaxTiles,
                };
                tiling.Validate();
                overrides = MppOverrides.Create(options.SlideMpp, options.SlideMppCsv, options.SlideMppForce ? MppOverrideMode.Force : MppOverrideMode.Fallback);
                detector = SegmenterDetectors.Create(options.Tissue, options.ExcludePen, ModelCatalog.Default(), new OnnxEncoderOptions { IntraOpThreads = options.Threads }, context.Error.WriteLine, options.ExcludeArtifacts, options.ArtifactSegmenter, TurboJpegRoundTrip.Create);
                outDir = InputGuards.OutputFolder(options.Out ?? throw new FormatException("--out is required (as a flag, SLIDEEMBED_OUT, or in the --config file).")) is { } outError
                    ? throw new FormatException(outError)
                    : Path.GetFullPath(options.Out);
                foreach (var path in parse.GetValue(slides)!)
                {
                    if (FileKinds.Of(path) == FileKind.Missing)
                    {
                        throw new FormatException($"'{path}' does not exist.");
                    }
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException or ModelManifestException or EncoderUnavailableException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            var inputs = parse.GetValue(slides)!.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Select(p => new SlideInput(p)).ToList();
            var settings = OptionTable.For(OptionScope.Tiles).ToDictionary(s => s.Key, s => s.Read(options));
            settings["mpp"] = tiling.TargetMpp.Mean.ToString("R", CultureInfo.InvariantCulture);
            settings["tile-size"] = tiling.EdgeAtTargetPx.ToString(CultureInfo.InvariantCulture);
            return await Run(inputs, outDir, new TileTableJob(new OpenSlideOpener(), detector, tiling, context.Out.WriteLine), overrides, settings, options.Force, context, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs the slides through the single-slide run (resume, clean-up) and writes the run report.</summary>
    private static async Task<int> Run(IReadOnlyList<SlideInput> inputs, string outDir, TileTableJob job, MppOverrides overrides, IReadOnlyDictionary<string, string?> settings, bool force, CliContext context, CancellationToken ct)
    {
        // A tile table has no slide-level step; the Arrow reader serves the resume check.
        var runner = new BatchRunner(new SlideRun(job, new ArrowTileSinkFactory(), null, overrides));
        var report = new RunReport { StartedUtc = DateTimeOffset.UtcNow, Model = "none", Settings = settings };
        try
        {
            await runner.RunAsync(inputs, [], outDir, report, force, dryRun: false, new TilesProgress(context), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("Stopped: finished slides are kept; run the same command again to do the rest.");
            return ExitCodes.Cancelled;
        }

        report.FinishedUtc = DateTimeOffset.UtcNow;
        return RunReportOutput.Write(report, outDir, context, summary: false, ExitCodes.ForBatch(report.Attempted, report.Failed));
    }
}
