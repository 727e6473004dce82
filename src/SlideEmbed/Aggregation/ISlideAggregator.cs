namespace SlideEmbed.Aggregation;

/// <summary>
/// Turns one slide's tile embeddings (and the tiles' positions) into one slide embedding.
/// Implementations are thread-safe: one instance may aggregate several slides concurrently.
/// </summary>
public interface ISlideAggregator
{
    /// <summary>Short name recorded with outputs, e.g. <c>mean</c>, <c>max</c> or <c>gigapath-slide</c>.</summary>
    string Name { get; }

    /// <summary>Tile embedding width the aggregator accepts.</summary>
    int InputDimension { get; }

    /// <summary>Length of the slide embedding <see cref="Aggregate"/> returns.</summary>
    int OutputDimension { get; }

    /// <summary>Aggregates one slide.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x dimension</c> tile embeddings; not modified.</param>
    /// <param name="count">Number of tiles, at least 1.</param>
    /// <param name="dimension">Width of each row; must equal <see cref="InputDimension"/>.</param>
    /// <param name="xs">Each tile's left edge in level-0 pixels; <paramref name="count"/> values.</param>
    /// <param name="ys">Each tile's top edge in level-0 pixels; <paramref name="count"/> values.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="EmptySlideException"><paramref name="count"/> is 0.</exception>
    /// <exception cref="ArgumentException">The width differs from <see cref="InputDimension"/>, or a span length does not match <paramref name="count"/>.</exception>
    float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys);
}
