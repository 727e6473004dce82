namespace SlideEmbed.Aggregation;

/// <summary>Turns one slide's tiles into its slide embedding, given the slide's tile geometry (encoders such as TITAN rebuild their grid from it).</summary>
/// <param name="tileEmbeddings">Row-major <paramref name="count"/> x <paramref name="dimension"/> tile embeddings, in the tile file's row order.</param>
/// <param name="count">Number of tiles, at least 1.</param>
/// <param name="dimension">Width of each row.</param>
/// <param name="xs">Each tile's left edge in level-0 pixels.</param>
/// <param name="ys">Each tile's top edge in level-0 pixels.</param>
/// <param name="geometry">The tile edge and stride in level-0 pixels and the slide's resolution.</param>
/// <returns>The slide embedding.</returns>
public delegate float[] SlideGeometryAggregationFunc(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, SlideTileGeometry geometry);
