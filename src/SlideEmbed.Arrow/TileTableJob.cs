using System.Diagnostics;
using System.Globalization;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Arrow;

/// <summary>
/// The work of <c>tiles</c> for one slide, as a <see cref="SlideRun"/> job: open, resolve mpp, detect tissue,
/// lay the grid at the given resolution and tile size, write the QC outputs and the tile table
/// (<see cref="TileTableFile"/>, with provenance and the configuration digest, so resume treats it as
/// <c>embed</c> treats a tile embedding file). Thread-safe for different slides.
/// </summary>
public sealed class TileTableJob : ISlideJob
{
    private readonly ISlideOpener _opener;
    private readonly ITissueDetector _detector;
    private readonly TilingOptions _tiling;
    private readonly Action<string>? _describe;

    /// <summary>Creates the job.</summary>
    /// <param name="opener">Slide library.</param>
    /// <param name="detector">Tissue detector.</param>
    /// <param name="tiling">Resolution, tile size, overlap, minimum tissue and cap (validated here).</param>
    /// <param name="describe">Receives one line per slide tiled (tiles, sizes, grid, resolution, tissue), or null.</param>
    /// <exception cref="ArgumentException">The tiling options are invalid.</exception>
    public TileTableJob(ISlideOpener opener, ITissueDetector detector, TilingOptions tiling, Action<string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(opener);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(tiling);
        tiling.Validate();
        _opener = opener;
        _detector = detector;
        _tiling = tiling;
        _describe = describe;
    }

    /// <inheritdoc />
    public string ConfigDigest(string path, MppOverrides? mppOverrides, string extra) =>
        SettingsDigest.Of(null, _detector, _tiling, path, mppOverrides, extra);

    /// <inheritdoc />
    public Task<SlideEmbeddingResult> RunAsync(string path, string slideId, string outDir, MppOverrides? mppOverrides, string digest, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var slide = _opener.Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties, mppOverrides);
        using var result = SlideTiler.Run(slide, resolution, _detector, _tiling, cancellationToken: cancellationToken);
        var config = Provenance.TilingConfig(resolution, result.Grid, _detector, _tiling.MinTissueFraction, _tiling.MaxTiles);
        var fingerprint = SlideFingerprint.Of(path);
        var provenance = Provenance.Build(path, slideId, fingerprint, config, DateTimeOffset.UtcNow);
        TilingOutputs.Write(outDir, slideId, result, slide);
        var file = Path.Combine(outDir, slideId + SlideOutputs.TilesSuffix);
        TileTableFile.Write(file, slideId, result.Grid, new Dictionary<string, string> { [Provenance.MetadataKey] = provenance, [SlideEmbeddingJob.DigestKey] = digest });
        var g = result.Grid;
        _describe?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{slideId}: {g.Tiles.Count} tiles of {g.EdgeAtTargetPx} px at {g.TargetMpp} um/px ({g.Level0TileSize} level-0 px, read {g.EdgeAtReadLevelPx} px at level {g.ReadLevel}); grid {g.GridSize.Columns} x {g.GridSize.Rows}; slide {resolution.Mpp} um/px ({resolution.Source}); tissue {result.Detection.Regions.Count} regions by {_detector.Name}"));
        progress?.Report((g.Tiles.Count, g.Tiles.Count));
        return Task.FromResult(new SlideEmbeddingResult(slideId, path, g.Tiles.Count, 0, clock.Elapsed.TotalSeconds, file, resolution, fingerprint)
        {
            Warnings = result.Warnings(path, slideId, _tiling.MinTissueFraction),
        });
    }
}
