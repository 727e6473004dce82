using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <summary>Turns one slide's tiles into its slide embedding.</summary>
/// <param name="tileEmbeddings">Row-major <paramref name="count"/> x <paramref name="dimension"/> tile embeddings, in the tile file's row order.</param>
/// <param name="count">Number of tiles, at least 1.</param>
/// <param name="dimension">Width of each row.</param>
/// <param name="xs">Each tile's left edge in level-0 pixels.</param>
/// <param name="ys">Each tile's top edge in level-0 pixels.</param>
/// <param name="slideMpp">The slide's level-0 resolution, or null when unknown (slide encoders that place tiles on a grid in microns need it).</param>
/// <returns>The slide embedding.</returns>
public delegate float[] SlideAggregationFunc(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, MicronsPerPixel? slideMpp);
