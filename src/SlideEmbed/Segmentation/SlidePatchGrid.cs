using SlideEmbed.Geometry;

namespace SlideEmbed.Segmentation;

/// <summary>
/// TRIDENT's grid for a segmenter that reads its patches from the slide (<c>tile.source: "slide"</c>):
/// the level, the level-0 step and the region size read at that level, and where each patch lands in
/// the stitched map.
/// </summary>
/// <remarks>
/// With <c>d = tile.mpp / level0Mpp</c>: the level is the first whose downsample is within 0.1 of
/// <c>d</c>, else the coarsest with downsample &lt;= d (level 0 when d &lt; 1). The level-0 step is
/// <c>round(size * d)</c> and the region read is <c>round(step / int(downsample))</c> level pixels
/// square (TRIDENT truncates the level downsample; Python's round, halves to even). Patches start at
/// <c>(col * step, row * step)</c>, <c>cols = ceil(W0 / step)</c>; the map is
/// <c>round(W0 * level0Mpp / tile.mpp)</c> wide and a patch lands at <c>round(x0 * level0Mpp / tile.mpp)</c>.
/// </remarks>
public sealed class SlidePatchGrid
{
    /// <summary>Lays TRIDENT's grid over a slide.</summary>
    /// <param name="levels">The pyramid, level 0 first.</param>
    /// <param name="level0Mpp">Level-0 resolution in microns per pixel.</param>
    /// <param name="targetMpp">The segmenter's resolution.</param>
    /// <param name="size">Patch side in pixels at <paramref name="targetMpp"/>.</param>
    public SlidePatchGrid(IReadOnlyList<SlideLevel> levels, double level0Mpp, double targetMpp, int size)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var d = targetMpp / level0Mpp;
        Level = BestLevel(levels, d);
        Step = Math.Max(1, (long)Math.Round(size * d, MidpointRounding.ToEven));
        RegionSize = (int)Math.Max(1, Math.Round((double)Step / Math.Max(1, (int)Level.Downsample), MidpointRounding.ToEven));
        var w0 = levels[0].Width;
        var h0 = levels[0].Height;
        Columns = (int)((w0 + Step - 1) / Step);
        Rows = (int)((h0 + Step - 1) / Step);
        Scale = level0Mpp / targetMpp;
        MapWidth = Math.Max(1, (int)Math.Round(w0 * Scale, MidpointRounding.ToEven));
        MapHeight = Math.Max(1, (int)Math.Round(h0 * Scale, MidpointRounding.ToEven));
    }

    /// <summary>The level patches are read from.</summary>
    public SlideLevel Level { get; }

    /// <summary>Level-0 pixels between patch origins.</summary>
    public long Step { get; }

    /// <summary>Side of the region read at <see cref="Level"/>, in its pixels.</summary>
    public int RegionSize { get; }

    /// <summary>Patch columns.</summary>
    public int Columns { get; }

    /// <summary>Patch rows.</summary>
    public int Rows { get; }

    /// <summary>Map pixels per level-0 pixel.</summary>
    public double Scale { get; }

    /// <summary>Width of the stitched map at the segmenter's resolution.</summary>
    public int MapWidth { get; }

    /// <summary>Its height.</summary>
    public int MapHeight { get; }

    /// <summary>The patches in row-major order: level-0 origin and where the patch lands in the map.</summary>
    /// <returns>The patches.</returns>
    public IEnumerable<(long X0, long Y0, int MapX, int MapY)> Patches()
    {
        for (var row = 0; row < Rows; row++)
        {
            for (var col = 0; col < Columns; col++)
            {
                long x0 = col * Step, y0 = row * Step;
                yield return (x0, y0, ToMap(x0, MapWidth), ToMap(y0, MapHeight));
            }
        }
    }

    private int ToMap(long level0, int length) => Math.Clamp((int)Math.Round(level0 * Scale, MidpointRounding.ToEven), 0, length - 1);

    private static SlideLevel BestLevel(IReadOnlyList<SlideLevel> levels, double d)
    {
        foreach (var level in levels)
        {
            if (Math.Abs(level.Downsample - d) <= 0.1)
            {
                return level;
            }
        }

        if (d < levels[0].Downsample)
        {
            return levels.FirstOrDefault(l => l.Downsample >= d) ?? levels[0];
        }

        var best = levels[0];
        foreach (var level in levels)
        {
            if (level.Downsample > d)
            {
                break;
            }

            best = level;
        }

        return best;
    }
}
