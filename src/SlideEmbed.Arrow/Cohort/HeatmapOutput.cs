using SlideEmbed.Imaging;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>What <see cref="HeatmapRenderer.Render"/> wrote.</summary>
/// <param name="SlideId">The slide.</param>
/// <param name="PngPath">The picture.</param>
/// <param name="GeoJsonPath">The QuPath-importable tiles.</param>
/// <param name="Tiles">Tiles painted.</param>
/// <param name="Legend">For tokens: each token's colour, token 0 first; empty otherwise.</param>
public sealed record HeatmapOutput(string SlideId, string PngPath, string GeoJsonPath, int Tiles, IReadOnlyList<RgbColor> Legend);
