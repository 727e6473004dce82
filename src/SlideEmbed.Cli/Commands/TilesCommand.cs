using System.CommandLine;
using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.OpenSlide;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed tiles &lt;slide&gt;... --out DIR</c>: tissue detection and the tile grid at an exact mpp,
/// written per slide as <c>&lt;id&gt;.tiles.arrow</c>, <c>&lt;id&gt;.mask.png</c>, <c>&lt;id&gt;.qc.png</c> and
/// <c>&lt;id&gt;.tissue.geojson</c>.
/// </summary>
public static class TilesCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = new Argument<string[]>("slides") { Description = "Slide files.", Arity = ArgumentArity.OneOrMore };
        var output = CommonOptions.Out();
        var mpp = new Option<double>("--mpp") { Description = "Target resolution of the tiles in microns per pixel (no rounding to magnifications).", DefaultValueFactory = _ => 0.5 };
        var tileSize = new Option<int>("--tile-size") { Description = "Tile edge in pixels at the target resolution.", DefaultValueFactory = _ => 224 };
        var overlap = CommonOptions.Overlap();
        var minTissue = CommonOptions.MinTissue();
        var maxTiles = CommonOptions.MaxTiles();
        var tissue = CommonOptions.Tissue();
        var pen = CommonOptions.ExcludePen();
        var slideMpp = CommonOptions.Mpp();
        var slideMppCsv = CommonOptions.MppCsv();
        var command = new Command("tiles", "Detect tissue and lay a tile grid at an exact microns-per-pixel; write the tile table (Arrow), tissue mask, QC picture and GeoJSON per slide.")
        {
            slides, output, mpp, tileSize, overlap, minTissue, maxTiles, tissue, pen, slideMpp, slideMppCsv,
        };
        command.SetAction((parse, ct) =>
        {
            TilingOptions tiling;
            MppOverrides overrides;
            Tissue.ITissueDetector detector;
            try
            {
                tiling = new TilingOptions
                {
                    TargetMpp = parse.GetValue(mpp),
                    TileSize = parse.GetValue(tileSize),
                    Overlap = parse.GetValue(overlap),
                    MinTissueFraction = parse.GetValue(minTissue),
                    MaxTiles = parse.GetValue(maxTiles),
                };
                tiling.Validate();
                overrides = MppOverrides.Create(parse.GetValue(slideMpp), parse.GetValue(slideMppCsv));
                detector = TissueDetectorFactory.Create(parse.GetValue(tissue)!, parse.GetValue(pen));
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            var outDir = Path.GetFullPath(parse.GetValue(output)!);
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
                catch (SlideException e)
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
        TileTableFile.Write(Path.Combine(outDir, id + ".tiles.arrow"), id, result.Grid, new Dictionary<string, string> { [Provenance.MetadataKey] = provenance });
        var g = result.Grid;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{id}: {g.Tiles.Count} tiles of {g.TileSize} px at {g.TargetMpp} um/px ({g.Level0TileSize} level-0 px, read {g.ReadSize} px at level {g.ReadLevel}); grid {g.GridSize.Columns} x {g.GridSize.Rows}; slide {resolution.Mpp} um/px ({resolution.Source}); tissue {result.Detection.Regions.Count} regions by {detector.Name}"));
        foreach (var warning in result.Warnings(path, id, tiling.MinTissueFraction))
        {
            context.Error.WriteLine($"warning: {warning}");
        }
    }
}
