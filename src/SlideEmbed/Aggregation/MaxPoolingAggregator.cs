namespace SlideEmbed.Aggregation;

/// <summary>
/// The slide embedding as the element-wise maximum of its tile embeddings. Ignores coordinates; invariant
/// to tile order; a NaN in any tile makes that element NaN. Thread-safe.
/// </summary>
public sealed class MaxPoolingAggregator : ISlideAggregator
{
    /// <summary>Creates a max-pooling aggregator for tile embeddings of one width.</summary>
    /// <param name="dimension">Tile embedding width, &gt; 0; the output has the same width.</param>
    public MaxPoolingAggregator(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        InputDimension = dimension;
    }

    /// <summary><c>max</c>.</summary>
    public string Name => "max";

    /// <inheritdoc />
    public int InputDimension { get; }

    /// <summary>Equal to <see cref="InputDimension"/>.</summary>
    public int OutputDimension => InputDimension;

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        var result = tileEmbeddings[..dimension].ToArray();
        for (var t = 1; t < count; t++)
        {
            var row = tileEmbeddings.Slice(t * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                // Math.Max propagates NaN, matching torch.max.
                result[d] = Math.Max(result[d], row[d]);
            }
        }

        return result;
    }
}
