namespace SlideEmbed.Aggregation;

/// <summary>
/// The slide embedding as the element-wise maximum of its tile embeddings. Ignores coordinates; invariant
/// to tile order; a NaN in any tile makes that element NaN. Thread-safe.
/// </summary>
/// <param name="dimension">Tile embedding width, &gt; 0; the output has the same width.</param>
public sealed class MaxPoolingAggregator(int dimension) : PoolingAggregator(dimension)
{
    /// <summary><c>max</c>.</summary>
    public override string Name => "max";

    /// <inheritdoc />
    protected override float[] Pool(ReadOnlySpan<float> tileEmbeddings, int count, int dimension)
    {
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
