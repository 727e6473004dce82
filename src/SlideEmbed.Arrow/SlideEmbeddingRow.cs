namespace SlideEmbed.Arrow;

/// <summary>One slide's slide-level embedding.</summary>
/// <param name="SlideId">Slide id.</param>
/// <param name="TileEncoder">The tile encoder's model name.</param>
/// <param name="SlideEncoder">The aggregator's name (e.g. <c>mean</c>, <c>gigapath-slide</c>).</param>
/// <param name="OutputMode">The aggregator's output mode (e.g. <c>mean</c>, <c>layer-mean:11</c>).</param>
/// <param name="TileCount">Tiles aggregated (readable tiles only).</param>
/// <param name="Embedding">The slide embedding.</param>
public sealed record SlideEmbeddingRow(string SlideId, string TileEncoder, string SlideEncoder, string OutputMode, int TileCount, float[] Embedding);
