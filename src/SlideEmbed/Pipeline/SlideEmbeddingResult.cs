using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>The outcome of embedding one slide.</summary>
/// <param name="SlideId">Slide id.</param>
/// <param name="Path">Slide path.</param>
/// <param name="Tiles">Tiles in the grid.</param>
/// <param name="FailedTiles">Tiles that could not be read.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="TilesFile">The tile embedding file written.</param>
/// <param name="Resolution">The level-0 resolution used.</param>
/// <param name="Fingerprint">The slide's fingerprint when it was read.</param>
public sealed record SlideEmbeddingResult(string SlideId, string Path, int Tiles, int FailedTiles, double Seconds, string TilesFile, SlideResolution Resolution, Output.SlideFingerprint Fingerprint)
{
    /// <summary>Warnings about the slide's tiling (no tissue, upsampled tiles); see <see cref="Tiling.SlideTilingResult.Warnings"/>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
