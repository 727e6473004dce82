namespace SlideEmbed.Tiling;

/// <summary>
/// The tiles of one slide at an exact physical resolution. Every tile covers
/// <see cref="Level0TileSize"/> x <see cref="Level0TileSize"/> level-0 pixels (<see cref="TileSize"/>
/// pixels at <see cref="TargetMpp"/>) and is read as <see cref="ReadSize"/> x <see cref="ReadSize"/>
/// pixels at <see cref="ReadLevel"/>; the model's preprocessing then resizes those pixels straight to
/// its own input size.
/// </summary>
public sealed record TileGrid
{
    /// <summary>Level-0 resolution used, microns per pixel (isotropic mean).</summary>
    public required double SlideMpp { get; init; }

    /// <summary>Target resolution, microns per pixel.</summary>
    public required double TargetMpp { get; init; }

    /// <summary>Tile edge in pixels at the target resolution.</summary>
    public required int TileSize { get; init; }

    /// <summary>Tile edge in level-0 pixels: <c>round(TileSize * TargetMpp / SlideMpp)</c>, halves away from zero.</summary>
    public required long Level0TileSize { get; init; }

    /// <summary>Distance between neighbouring tiles in level-0 pixels: <c>round((TileSize - Overlap) * TargetMpp / SlideMpp)</c>.</summary>
    public required long Level0Stride { get; init; }

    /// <summary>The pyramid level tiles are read from: the coarsest whose resolution is not coarser than the target.</summary>
    public required int ReadLevel { get; init; }

    /// <summary>Downsample of <see cref="ReadLevel"/>.</summary>
    public required double ReadDownsample { get; init; }

    /// <summary>Tile edge in pixels at <see cref="ReadLevel"/>: <c>round(Level0TileSize / ReadDownsample)</c>.</summary>
    public required int ReadSize { get; init; }

    /// <summary>Number of grid columns and rows before tissue filtering.</summary>
    public required (int Columns, int Rows) GridSize { get; init; }

    /// <summary>The kept tiles, in row-major grid order, indices 0..n-1.</summary>
    public required IReadOnlyList<Tile> Tiles { get; init; }
}
