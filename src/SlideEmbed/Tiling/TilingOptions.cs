using SlideEmbed.Geometry;

namespace SlideEmbed.Tiling;

/// <summary>How a slide is cut into tiles. Validated on construction of the grid; immutable.</summary>
public sealed class TilingOptions
{
    /// <summary>The default minimum tissue fraction of a kept tile, 0.25 (CLAM's and TRIDENT's default).</summary>
    public const double DefaultMinTissueFraction = 0.25;

    /// <summary>The finest target resolution accepted, 0.01 um/px (finer than any scanner).</summary>
    public const double MinTargetMpp = 0.01;

    /// <summary>The coarsest target resolution accepted, 1000 um/px.</summary>
    public const double MaxTargetMpp = 1000;

    /// <summary>Resolution of the tiles given to the model; default 0.5 um/px (about 20x). The grid uses its isotropic mean.</summary>
    public MicronsPerPixel TargetMpp { get; init; } = MicronsPerPixel.Isotropic(0.5);

    /// <summary>Tile edge in pixels at <see cref="TargetMpp"/>; default 224. <c>embed</c> takes the model's <c>tile.read_size</c> (<see cref="Models.ModelManifest.EdgeAtTargetPx"/>), the edge before the model's own resize.</summary>
    public int EdgeAtTargetPx { get; init; } = 224;

    /// <summary>Overlap between neighbouring tiles in pixels at <see cref="TargetMpp"/>; default 0. The stride is <c>EdgeAtTargetPx - OverlapAtTargetPx</c>.</summary>
    public int OverlapAtTargetPx { get; init; }

    /// <summary>Minimum fraction of a tile's area covered by tissue for the tile to be kept, 0 to 1; default 0.25. 0 keeps every tile of the grid.</summary>
    public double MinTissueFraction { get; init; } = DefaultMinTissueFraction;

    /// <summary>At most this many tiles per slide (the ones with most tissue, ties by grid order); null for no cap.</summary>
    public int? MaxTiles { get; init; }

    /// <summary>An isotropic target resolution from a value given by a user, checked against the accepted range.</summary>
    /// <param name="micronsPerPixel">Microns per pixel, <see cref="MinTargetMpp"/> to <see cref="MaxTargetMpp"/>.</param>
    /// <returns>The resolution.</returns>
    /// <exception cref="ArgumentException">The value is out of range (one line, naming the range).</exception>
    public static MicronsPerPixel Target(double micronsPerPixel) => micronsPerPixel is >= MinTargetMpp and <= MaxTargetMpp
        ? MicronsPerPixel.Isotropic(micronsPerPixel)
        : throw new ArgumentException(FormattableString.Invariant($"The target resolution must be between {MinTargetMpp} and {MaxTargetMpp} microns per pixel, not {micronsPerPixel}."));

    /// <summary>Throws when a value is out of range, naming the option and its range in one line.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public void Validate()
    {
        _ = Target(TargetMpp.X);
        _ = Target(TargetMpp.Y);
        if (EdgeAtTargetPx < 1)
        {
            throw new ArgumentException(FormattableString.Invariant($"The tile size must be at least 1 pixel, not {EdgeAtTargetPx}."));
        }

        if (OverlapAtTargetPx < 0 || OverlapAtTargetPx >= EdgeAtTargetPx)
        {
            throw new ArgumentException(FormattableString.Invariant($"The overlap must be at least 0 and smaller than the tile size ({EdgeAtTargetPx} px), not {OverlapAtTargetPx}."));
        }

        if (!(MinTissueFraction >= 0 && MinTissueFraction <= 1))
        {
            throw new ArgumentException(FormattableString.Invariant($"The minimum tissue fraction must be between 0 and 1, not {MinTissueFraction}."));
        }

        if (MaxTiles is < 1)
        {
            throw new ArgumentException(FormattableString.Invariant($"The tile cap must be at least 1 (or absent), not {MaxTiles}."));
        }
    }
}
