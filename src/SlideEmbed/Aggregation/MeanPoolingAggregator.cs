namespace SlideEmbed.Aggregation;

/// <summary>
/// The slide embedding as the mean of its tile embeddings (accumulated in float64, rounded to float32).
/// Ignores coordinates; invariant to tile order. Thread-safe.
/// </summary>
public sealed class MeanPoolingAggregator : ISlideAggregator
{
    /// <summary>Creates a mean-pooling aggregator for tile embeddings of one width.</summary>
    /// <param name="dimension">Tile embedding width, &gt; 0; the output has the same width.</param>
    public MeanPoolingAggregator(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        InputDimension = dimension;
    }

    /// <summary><c>mean</c>.</summary>
    public string Name => "mean";

    /// <inheritdoc />
    public int InputDimension { get; }

    /// <summary>Equal to <see cref="InputDimension"/>.</summary>
    public int OutputDimension => InputDimension;

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        var sum = new double[dimension];
        for (var t = 0; t < count; t++)
        {
            var row = tileEmbeddings.Slice(t * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                sum[d] += row[d];
            }
        }

        var result = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            result[d] = (float)(sum[d] / count);
        }

        return result;
    }
}
