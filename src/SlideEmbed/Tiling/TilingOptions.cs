namespace SlideEmbed.Tiling;

/// <summary>How a slide is cut into tiles. Validated on construction of the grid; immutable.</summary>
public sealed class TilingOptions
{
    /// <summary>Resolution of the tiles given to the model, microns per pixel; default 0.5 (about 20x).</summary>
    public double TargetMpp { get; init; } = 0.5;

    /// <summary>Tile edge in pixels at <see cref="TargetMpp"/>; default 224. <c>embed</c> takes the model's <c>tile.read_size</c> instead (the edge before the model's own resize).</summary>
    public int TileSize { get; init; } = 224;

    /// <summary>Overlap between neighbouring tiles in pixels at <see cref="TargetMpp"/>; default 0. The stride is <c>TileSize - Overlap</c>.</summary>
    public int Overlap { get; init; }

    /// <summary>Minimum fraction of a tile's area covered by tissue for the tile to be kept, 0 to 1; default 0.25. 0 keeps every tile of the grid.</summary>
    public double MinTissueFraction { get; init; } = 0.25;

    /// <summary>At most this many tiles per slide (the ones with most tissue, ties by grid order); null for no cap.</summary>
    public int? MaxTiles { get; init; }

    /// <summary>Throws when a value is out of range, naming the option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is invalid.</exception>
    public void Validate()
    {
        if (!double.IsFinite(TargetMpp) || TargetMpp <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TargetMpp), TargetMpp, "The target mpp must be a positive number of microns per pixel.");
        }

        if (TileSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "The tile size must be at least 1 pixel.");
        }

        if (Overlap < 0 || Overlap >= TileSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, $"The overlap must be at least 0 and smaller than the tile size ({TileSize}).");
        }

        if (!(MinTissueFraction >= 0 && MinTissueFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinTissueFraction), MinTissueFraction, "The minimum tissue fraction must be between 0 and 1.");
        }

        if (MaxTiles is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTiles), MaxTiles, "The tile cap must be at least 1 (or absent).");
        }
    }
}
