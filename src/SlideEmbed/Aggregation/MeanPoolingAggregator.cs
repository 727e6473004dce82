namespace SlideEmbed.Aggregation;

/// <summary>
/// The slide embedding as the mean of its tile embeddings (accumulated in float64, rounded to float32).
/// Ignores coordinates; invariant to tile order. Thread-safe.
/// </summary>
/// <param name="dimension">Tile embedding width, &gt; 0; the output has the same width.</param>
public sealed class MeanPoolingAggregator(int dimension) : PoolingAggregator(dimension)
{
    /// <summary><c>mean</c>.</summary>
    public override string Name => "mean";

    /// <inheritdoc />
    protected override float[] Pool(ReadOnlySpan<float> tileEmbeddings, int count, int dimension)
    {
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
