using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <summary>
/// Settings of the GigaPath slide encoder that the weights do not carry. The defaults are the released
/// model's (<c>gigapath_slide_enc12l768d</c>); width, depth, input and FFN widths are read from the weights.
/// Immutable; <see cref="Validate"/> runs when an encoder is created.
/// </summary>
public sealed record LongNetOptions
{
    /// <summary>The released model's segment lengths.</summary>
    public static readonly IReadOnlyList<int> ReleasedSegmentLengths = [1024, 5792, 32768, 185363, 1048576];

    /// <summary>The released model's dilation ratios.</summary>
    public static readonly IReadOnlyList<int> ReleasedDilationRatios = [1, 2, 4, 8, 16];

    /// <summary>Name reported by <see cref="ISlideAggregator.Name"/>. Default <c>gigapath-slide</c>.</summary>
    public string Name { get; init; } = "gigapath-slide";

    /// <summary>Attention heads (cannot be inferred from the weights). Default 16; must divide the width.</summary>
    public int Heads { get; init; } = 16;

    /// <summary>Segment length of each dilated-attention branch, in tokens. Default [1024, 5792, 32768, 185363, 1048576].</summary>
    public IReadOnlyList<int> SegmentLengths { get; init; } = ReleasedSegmentLengths;

    /// <summary>Dilation ratio of each branch, same count as <see cref="SegmentLengths"/>. Default [1, 2, 4, 8, 16].</summary>
    public IReadOnlyList<int> DilationRatios { get; init; } = ReleasedDilationRatios;

    /// <summary>Edge of one position-grid cell in coordinate pixels: grid index = floor(coordinate / TileSize). Default 256.</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>Cells per axis of the position grid; coordinates at or beyond <c>GridSize x TileSize</c> are rejected. Default 1000.</summary>
    public int GridSize { get; init; } = 1000;

    /// <summary>Epsilon of every LayerNorm inside the encoder, including its final one. Default 1e-5.</summary>
    public double LayerNormEpsilon { get; init; } = 1e-5;

    /// <summary>Epsilon of the outer <c>norm</c> applied to every pooled output. Default 1e-6.</summary>
    public double NormEpsilon { get; init; } = 1e-6;

    /// <summary>The output <see cref="ISlideAggregator.Aggregate"/> returns. Default <c>layer-mean:11</c> (TRIDENT's choice).</summary>
    public LongNetOutput Output { get; init; } = LongNetOutput.TridentDefault;

    /// <summary>
    /// Coordinate frame of the position grid. Null (default): the level-0 pixel coordinates are used as
    /// given, as GigaPath's demo does. A value such as 0.5: coordinates are first converted to pixels at that
    /// resolution, <c>floor(level0 * slideMpp / CoordinateMpp)</c>, which needs the slide's resolution
    /// (<see cref="LongNetSlideEncoder.ForSlide"/>).
    /// </summary>
    public MicronsPerPixel? CoordinateMpp { get; init; }

    /// <summary>Worker threads for one forward pass; -1 (default) uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Checks every value, naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the branch lists disagree.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Heads, nameof(Heads));
        ArgumentNullException.ThrowIfNull(SegmentLengths, nameof(SegmentLengths));
        ArgumentNullException.ThrowIfNull(DilationRatios, nameof(DilationRatios));
        if (SegmentLengths.Count == 0 || SegmentLengths.Count != DilationRatios.Count)
        {
            throw new ArgumentException($"LongNet needs one dilation ratio per segment length and at least one branch; got {SegmentLengths.Count} segment lengths and {DilationRatios.Count} ratios.", nameof(SegmentLengths));
        }

        for (var b = 0; b < SegmentLengths.Count; b++)
        {
            if (SegmentLengths[b] <= 0 || DilationRatios[b] <= 0)
            {
                throw new ArgumentException($"LongNet branch {b}: segment length {SegmentLengths[b]} and dilation ratio {DilationRatios[b]} must be positive.", nameof(SegmentLengths));
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TileSize, nameof(TileSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(GridSize, nameof(GridSize));
        if (!(LayerNormEpsilon > 0) || !(NormEpsilon > 0))
        {
            throw new ArgumentException($"LayerNorm epsilons must be positive; got {LayerNormEpsilon} and {NormEpsilon}.", nameof(LayerNormEpsilon));
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 for every core or a positive thread count.");
        }
    }
}
