using SlideEmbed.Geometry;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tiling;

/// <summary>
/// Lays a tile grid at an exact microns-per-pixel over a slide and keeps the tiles with enough tissue.
/// </summary>
/// <remarks>
/// Rules, in level-0 pixels: tile edge <c>round(EdgeAtTargetPx * TargetMpp / Level0Mpp)</c> and stride
/// <c>round((EdgeAtTargetPx - OverlapAtTargetPx) * TargetMpp / Level0Mpp)</c> (isotropic means), halves rounded away from zero; the grid
/// starts at (0, 0) and holds only whole tiles (<c>x + edge &lt;= width</c>). No magnification
/// buckets: 0.2527 um/px is not treated as 0.25. Tiles are read at the coarsest level whose resolution
/// is not coarser than the target (never upsampled from a coarser level), as
/// <c>round(edge / downsample)</c> pixels. The tissue fraction of a tile is the exact share of its
/// area covered by the mask (mask pixels counted by their overlap with the tile).
/// </remarks>
public static class TileGridPlanner
{
    // Level resolutions within this relative tolerance of the target count as equal to it, so a
    // level at exactly 2x of a 0.25 um/px slide serves a 0.5 um/px target despite float noise.
    private const double LevelTolerance = 1e-6;

    /// <summary>Plans the grid.</summary>
    /// <param name="levels">The slide's pyramid levels.</param>
    /// <param name="slideMpp">Level-0 resolution.</param>
    /// <param name="mask">Tissue mask, or null to keep every tile of the grid (fraction 1).</param>
    /// <param name="maskDownsample">Level-0 pixels per mask pixel.</param>
    /// <param name="options">Tiling options.</param>
    /// <returns>The grid.</returns>
    public static TileGrid Plan(IReadOnlyList<SlideLevel> levels, MicronsPerPixel slideMpp, BinaryMask? mask, double maskDownsample, TilingOptions options)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mpp = slideMpp.Mean;
        var target = options.TargetMpp.Mean;
        var scale = target / mpp;
        var edge = (long)Math.Round(options.EdgeAtTargetPx * scale, MidpointRounding.AwayFromZero);
        var stride = (long)Math.Round((options.EdgeAtTargetPx - options.OverlapAtTargetPx) * scale, MidpointRounding.AwayFromZero);
        if (edge < 1 || stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"A {options.EdgeAtTargetPx} px tile at {target} um/px is smaller than one level-0 pixel of this {mpp} um/px slide.");
        }

        var readLevel = levels[0];
        foreach (var level in levels)
        {
            if (mpp * level.Downsample <= target * (1 + LevelTolerance) && level.Downsample > readLevel.Downsample)
            {
                readLevel = level;
            }
        }

        var readSize = (int)Math.Max(1, Math.Round(edge / readLevel.Downsample, MidpointRounding.AwayFromZero));
        var width = levels[0].Width;
        var height = levels[0].Height;
        var columns = width >= edge ? (int)(((width - edge) / stride) + 1) : 0;
        var rows = height >= edge ? (int)(((height - edge) / stride) + 1) : 0;

        var coverage = mask is null ? null : new MaskCoverage(mask);
        var kept = new List<Tile>();
        for (var r = 0; r < rows; r++)
        {
            var y = r * stride;
            for (var c = 0; c < columns; c++)
            {
                var x = c * stride;
                var fraction = coverage is null
                    ? 1.0
                    : coverage.Fraction(x / maskDownsample, y / maskDownsample, (x + edge) / maskDownsample, (y + edge) / maskDownsample);
                if (fraction > 0 && fraction >= options.MinTissueFraction || options.MinTissueFraction == 0)
                {
                    kept.Add(new Tile(0, x, y, (float)fraction));
                }
            }
        }

        if (options.MaxTiles is { } cap && kept.Count > cap)
        {
            var order = Enumerable.Range(0, kept.Count).OrderByDescending(i => kept[i].TissueFraction).ThenBy(i => i).Take(cap).Order();
            kept = order.Select(i => kept[i]).ToList();
        }

        var tiles = kept.Select((t, i) => t with { Index = i }).ToList();
        return new TileGrid
        {
            Level0Mpp = slideMpp,
            TargetMpp = options.TargetMpp,
            EdgeAtTargetPx = options.EdgeAtTargetPx,
            Level0TileSize = edge,
            Level0Stride = stride,
            ReadLevel = readLevel.Index,
            ReadDownsample = readLevel.Downsample,
            EdgeAtReadLevelPx = readSize,
            GridSize = (columns, rows),
            Tiles = tiles,
        };
    }
}
