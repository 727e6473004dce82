using System.CommandLine;
using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.Configuration;
using SlideEmbed.OpenSlide;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;
using SlideEmbed.Worker;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed tiles &lt;slide&gt;... --out DIR</c>: tissue detection and the tile grid at an exact mpp,
/// written per slide as <c>&lt;id&gt;.tiles.arrow</c>, <c>&lt;id&gt;.mask.png</c>, <c>&lt;id&gt;.qc.png</c> and
/// <c>&lt;id&gt;.tissue.geojson</c>. Its tiling and resolution settings are those of <see cref="OptionTable"/>
/// (flags, <c>SLIDEEMBED_*</c> variables and <c>--config</c> keys, validated alike); <c>--mpp</c> and
/// <c>--tile-size</c> stand in for the model's resolution and tile size.
/// </summary>
public static class TilesCommand
{
    /// <summary>The settings of <see cref="OptionTable"/> that <c>tiles</c> takes.</summary>
    public static IReadOnlyList<string> SettingKeys { get; } = ["out", "slide-mpp", "slide-mpp-csv", "slide-mpp-force", "tissue", "exclude-pen", "overlap", "min-tissue", "max-tiles"];

    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = new Argument<string[]>("slides") { Description = "Slide files.", Arity = ArgumentArity.OneOrMore };
        var mpp = new Option<double>("--mpp") { Description = FormattableString.Invariant($"Target resolution of the tiles in microns per pixel, {TilingOptions.MinTargetMpp}-{TilingOptions.MaxTargetMpp} (no rounding to magnifications)."), DefaultValueFactory = _ => 0.5 };
        var tileSize = new Option<int>("--tile-size") { Description = "Tile edge in pixels at the target resolution.", DefaultValueFactory = _ => 224 };
        var config = new Option<string?>("--config") { Description = "JSON configuration file (keys as the long options; see slideembed.example.json)." };
        var command = new Command("tiles", "Detect tissue and lay a tile grid at an exact microns-per-pixel; write the tile table (Arrow), tissue mask, QC picture and GeoJSON per slide.")
        {
            slides, mpp, tileSize, config,
        };
        var flags = OptionFlags.AddTo(command, SettingKeys.ToArray());
        command.SetAction((parse, ct) =>
        {
            TilingOptions tiling;
            MppOverrides overrides;
            Tissue.ITissueDetector detector;
            string outDir;
            try
            {
                if (InputGuards.UnknownOption(parse.GetValue(slides)!, command.Options.Select(o => o.Name)) is { } unknown)
                {
                    throw new FormatException(unknown);
                }

                var options = OptionsLoader.Load(parse.GetValue(config), null, OptionFlags.Given(parse, flags), WatchSettingsLoader.WatchVariables);
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
                detector = TissueDetectorFactory.Create(options.Tissue, options.ExcludePen);
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
            catch (Exception e) when (e is ArgumentException or FormatException or IOException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            var paths = parse.GetValue(slides)!;
            var ids = SlideIds.Assign(paths);
            var failed = 0;
            foreach (var path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    RunOne(path, ids[path], outDir, tiling, detector, overrides, context, ct);
                }
                catch (Exception e) when (e is SlideException or IOException or UnauthorizedAccessException)
                {
                    failed++;
                    context.Error.WriteLine($"error: {e.Message}");
                }
            }

            return Task.FromResult(ExitCodes.ForBatch(ids.Count, failed));
        });
        return command;
    }

    private static void RunOne(string path, string id, string outDir, TilingOptions tiling, Tissue.ITissueDetector detector, MppOverrides overrides, CliContext context, CancellationToken ct)
    {
        using var slide = new OpenSlideOpener().Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties, overrides);
        using var result = SlideTiler.Run(slide, resolution, detector, tiling, cancellationToken: ct);
        var config = Provenance.TilingConfig(resolution, result.Grid, detector, tiling.MinTissueFraction, tiling.MaxTiles);
        var provenance = Provenance.Build(path, id, SlideFingerprint.Of(path), config, DateTimeOffset.UtcNow);
        TilingOutputs.Write(outDir, id, result, slide);
        TileTableFile.Write(Path.Combine(outDir, id + SlideOutputs.TilesSuffix), id, result.Grid, new Dictionary<string, string> { [Provenance.MetadataKey] = provenance });
        var g = result.Grid;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{id}: {g.Tiles.Count} tiles of {g.EdgeAtTargetPx} px at {g.TargetMpp} um/px ({g.Level0TileSize} level-0 px, read {g.EdgeAtReadLevelPx} px at level {g.ReadLevel}); grid {g.GridSize.Columns} x {g.GridSize.Rows}; slide {resolution.Mpp} um/px ({resolution.Source}); tissue {result.Detection.Regions.Count} regions by {detector.Name}"));
        foreach (var warning in result.Warnings(path, id, tiling.MinTissueFraction))
        {
            context.Error.WriteLine($"warning: {warning}");
        }
    }
}
