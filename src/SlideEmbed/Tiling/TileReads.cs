using SlideEmbed.Geometry;
using SlideEmbed.Slides;

namespace SlideEmbed.Tiling;

/// <summary>Reads the pixels of a grid's tiles: the tile's level-0 area, at the grid's read level.</summary>
public static class TileReads
{
    /// <summary>
    /// Reads <paramref name="tile"/>'s level-0 area (<see cref="TileGrid.Level0Bounds"/>) from
    /// <see cref="TileGrid.ReadLevel"/> as <see cref="TileGrid.EdgeAtReadLevelPx"/> pixels square.
    /// </summary>
    /// <param name="slide">The open slide.</param>
    /// <param name="grid">The slide's grid.</param>
    /// <param name="tile">A tile of the grid.</param>
    /// <param name="destination">At least <c>EdgeAtReadLevelPx^2 * 3</c> bytes of interleaved RGB, owned by the caller.</param>
    /// <exception cref="SlideReadException">The library failed to read; the slide must be reopened.</exception>
    public static void ReadTile(this ISlideSource slide, TileGrid grid, Tile tile, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(grid);
        Level0Rect region = grid.Level0Bounds(tile);
        slide.ReadRegion(region.X, region.Y, grid.ReadLevel, grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx, destination);
    }
}
