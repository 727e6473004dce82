namespace SlideEmbed.Pipeline;

/// <summary>The tiling options a user sets for an embedding run; resolution and tile size come from the model.</summary>
public sealed class JobTilingOptions
{
    /// <summary>Overlap in pixels at the model's resolution; default 0.</summary>
    public int Overlap { get; init; }

    /// <summary>Minimum tissue fraction per tile; default <see cref="Tiling.TilingOptions.DefaultMinTissueFraction"/>.</summary>
    public double MinTissueFraction { get; init; } = Tiling.TilingOptions.DefaultMinTissueFraction;

    /// <summary>Tile cap per slide; default none.</summary>
    public int? MaxTiles { get; init; }
}
