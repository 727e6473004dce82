namespace SlideEmbed.Arrow;

/// <summary>A named slide aggregator as the slide-level step uses it.</summary>
/// <param name="Name">Aggregator name, e.g. <c>mean</c>.</param>
/// <param name="OutputMode">Output mode, e.g. <c>mean</c> or <c>layer-mean:11</c>.</param>
/// <param name="Aggregate">(tile embeddings row-major, count, dimension, xs, ys) to slide embedding.</param>
public sealed record SlideAggregation(string Name, string OutputMode, Func<float[], int, int, long[], long[], float[]> Aggregate)
{
    /// <summary>
    /// When set, used instead of <see cref="Aggregate"/> with the slide's tile geometry, which the slide-level
    /// step reads from the tile file's provenance (encoders such as TITAN rebuild their grid from it).
    /// </summary>
    public Func<float[], int, int, long[], long[], Aggregation.SlideTileGeometry, float[]>? AggregateWithGeometry { get; init; }
}
