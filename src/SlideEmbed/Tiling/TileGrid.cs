using SlideEmbed.Geometry;

namespace SlideEmbed.Tiling;

/// <summary>
/// The tiles of one slide at an exact physical resolution. Every tile covers
/// <see cref="Level0TileSize"/> x <see cref="Level0TileSize"/> level-0 pixels (<see cref="EdgeAtTargetPx"/>
/// pixels at <see cref="TargetMpp"/>) and is read as <see cref="EdgeAtReadLevelPx"/> x <see cref="EdgeAtReadLevelPx"/>
/// pixels at <see cref="ReadLevel"/>; the model's preprocessing then resizes those pixels straight to
/// its own input size.
/// </summary>
public sealed record TileGrid
{
    /// <summary>Level-0 resolution of the slide; the grid's arithmetic uses its isotropic mean.</summary>
    public required MicronsPerPixel Level0Mpp { get; init; }

    /// <summary>Target resolution of the tiles.</summary>
    public required MicronsPerPixel TargetMpp { get; init; }

    /// <summary>Tile edge in pixels at <see cref="TargetMpp"/>.</summary>
    public required int EdgeAtTargetPx { get; init; }

    /// <summary>Tile edge in level-0 pixels: <c>round(EdgeAtTargetPx * TargetMpp / Level0Mpp)</c> (isotropic means), halves away from zero.</summary>
    public required long Level0TileSize { get; init; }

    /// <summary>Distance between neighbouring tiles in level-0 pixels: <c>round((EdgeAtTargetPx - OverlapAtTargetPx) * TargetMpp / Level0Mpp)</c>.</summary>
    public required long Level0Stride { get; init; }

    /// <summary>The pyramid level tiles are read from: the coarsest whose resolution is not coarser than the target.</summary>
    public required int ReadLevel { get; init; }

    /// <summary>Downsample of <see cref="ReadLevel"/> (level-0 pixels per read-level pixel).</summary>
    public required double ReadDownsample { get; init; }

    /// <summary>Tile edge in pixels at <see cref="ReadLevel"/>: <c>round(Level0TileSize / ReadDownsample)</c>, at least 1.</summary>
    public required int EdgeAtReadLevelPx { get; init; }

    /// <summary>Number of grid columns and rows before tissue filtering.</summary>
    public required (int Columns, int Rows) GridSize { get; init; }

    /// <summary>The kept tiles, in row-major grid order, indices 0..n-1.</summary>
    public required IReadOnlyList<Tile> Tiles { get; init; }

    /// <summary>The level-0 area a tile covers.</summary>
    /// <param name="tile">A tile of this grid.</param>
    /// <returns><see cref="Level0TileSize"/> square at the tile's origin, in level-0 pixels.</returns>
    public Level0Rect Level0Bounds(Tile tile) => new(tile.X, tile.Y, Level0TileSize, Level0TileSize);
}
