using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <summary>
/// How one slide's tiles sit in level-0 pixels, for slide encoders that rebuild the tile grid from
/// coordinates (TITAN): the tile edge, the distance between neighbouring tiles and the slide's resolution.
/// The slide-level step fills it from the tiling (a tile file records it in its provenance:
/// <c>level0_tile_size</c>, <c>level0_stride</c>, <c>slide_mpp_x</c>/<c>_y</c>).
/// </summary>
/// <param name="Level0TileSize">Tile edge in level-0 pixels (512 for 512-px tiles at 20x on a 20x scan, 1024 on a 40x scan); TITAN's <c>patch_size_lv0</c>.</param>
/// <param name="Level0Stride">Distance between neighbouring tiles in level-0 pixels; equal to <paramref name="Level0TileSize"/> without overlap.</param>
/// <param name="SlideMpp">The slide's level-0 resolution, or null when unknown.</param>
public sealed record SlideTileGeometry(long Level0TileSize, long Level0Stride, MicronsPerPixel? SlideMpp)
{
    /// <summary>Throws unless the sizes are positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Level0TileSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Level0Stride);
    }
}
