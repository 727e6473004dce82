using SlideEmbed.Imaging;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Pipeline;

/// <summary>Everything tissue detection and tiling found for one slide. Owns <see cref="LowResolution"/>.</summary>
public sealed class SlideTilingResult : IDisposable
{
    /// <summary>Creates the result.</summary>
    /// <param name="resolution">Level-0 resolution used.</param>
    /// <param name="lowResolution">The detection image (owned).</param>
    /// <param name="detection">Mask and regions in detection-image pixels.</param>
    /// <param name="level0Regions">Regions in level-0 pixels.</param>
    /// <param name="grid">The tile grid.</param>
    public SlideTilingResult(SlideResolution resolution, LowResolutionImage lowResolution, TissueDetectionResult detection, IReadOnlyList<TissueRegion> level0Regions, TileGrid grid)
    {
        Resolution = resolution;
        LowResolution = lowResolution;
        Detection = detection;
        Level0Regions = level0Regions;
        Grid = grid;
    }

    /// <summary>Level-0 resolution used and where it came from.</summary>
    public SlideResolution Resolution { get; }

    /// <summary>The low-resolution image tissue was detected on.</summary>
    public LowResolutionImage LowResolution { get; }

    /// <summary>Mask and regions in detection-image pixels.</summary>
    public TissueDetectionResult Detection { get; }

    /// <summary>Tissue regions in level-0 pixels.</summary>
    public IReadOnlyList<TissueRegion> Level0Regions { get; }

    /// <summary>The tiles.</summary>
    public TileGrid Grid { get; }

    /// <inheritdoc />
    public void Dispose() => LowResolution.Dispose();
}
