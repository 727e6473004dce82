namespace SlideEmbed.Aggregation;

/// <summary>The argument checks every <see cref="ISlideAggregator"/> makes, with one wording.</summary>
internal static class SlideAggregatorInput
{
    /// <summary>Throws unless the arguments describe <paramref name="count"/> rows of the expected width.</summary>
    /// <param name="aggregator">Name for the messages.</param>
    /// <param name="expectedDim">The aggregator's input width.</param>
    /// <param name="tileEmbeddings">The rows.</param>
    /// <param name="count">Number of tiles.</param>
    /// <param name="dimension">Stated width.</param>
    /// <param name="xs">X coordinates.</param>
    /// <param name="ys">Y coordinates.</param>
    public static void Validate(string aggregator, int expectedDim, ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            throw new EmptySlideException($"The slide has no tiles: the '{aggregator}' slide embedding needs at least one tile embedding.");
        }

        if (dimension != expectedDim)
        {
            throw new ArgumentException($"Tile embedding dimension mismatch for '{aggregator}': expected {expectedDim}, got {dimension}.", nameof(dimension));
        }

        if (tileEmbeddings.Length != (long)count * dimension)
        {
            throw new ArgumentException($"'{aggregator}': {count} tiles of {dimension} values need {(long)count * dimension} floats; got {tileEmbeddings.Length}.", nameof(tileEmbeddings));
        }

        if (xs.Length != count || ys.Length != count)
        {
            throw new ArgumentException($"'{aggregator}': {count} tiles need {count} x and y coordinates; got {xs.Length} and {ys.Length}.", nameof(xs));
        }
    }
}
