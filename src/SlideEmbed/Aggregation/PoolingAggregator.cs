namespace SlideEmbed.Aggregation;

/// <summary>
/// A slide embedding pooled element-wise from its tile embeddings: the output has the tile width,
/// coordinates are ignored and the result does not depend on tile order. Thread-safe.
/// </summary>
public abstract class PoolingAggregator : ISlideAggregator
{
    /// <summary>Creates a pooling aggregator for tile embeddings of one width.</summary>
    /// <param name="dimension">Tile embedding width, &gt; 0; the output has the same width.</param>
    protected PoolingAggregator(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        InputDimension = dimension;
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public int InputDimension { get; }

    /// <summary>Equal to <see cref="InputDimension"/>.</summary>
    public int OutputDimension => InputDimension;

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return Pool(tileEmbeddings, count, dimension);
    }

    /// <summary>Pools validated input.</summary>
    /// <param name="tileEmbeddings"><paramref name="count"/> rows of <paramref name="dimension"/> floats, row-major, checked by <see cref="SlideAggregatorInput"/>.</param>
    /// <param name="count">Number of tiles.</param>
    /// <param name="dimension">Tile embedding width.</param>
    /// <returns>A new array of <paramref name="dimension"/> floats.</returns>
    protected abstract float[] Pool(ReadOnlySpan<float> tileEmbeddings, int count, int dimension);
}
