namespace SlideEmbed.Aggregation;

/// <summary>A named slide aggregator, as the slide-level step and <c>aggregate</c> use it (see <see cref="SlideAggregators"/>).</summary>
/// <param name="Name">Aggregator name, e.g. <c>mean</c> or <c>gigapath-slide</c>.</param>
/// <param name="OutputMode">Output mode, e.g. <c>mean</c> or <c>layer-mean:11</c>.</param>
/// <param name="Aggregate">The aggregation; thread-safe.</param>
public sealed record SlideAggregation(string Name, string OutputMode, SlideAggregationFunc Aggregate)
{
    /// <summary>
    /// When set, used instead of <see cref="Aggregate"/> with the slide's tile geometry, which the slide-level
    /// step reads from the tile file's provenance.
    /// </summary>
    public SlideGeometryAggregationFunc? AggregateWithGeometry { get; init; }
}
