using SlideEmbed.Imaging;
using SlideEmbed.Segmentation;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tiling;

/// <summary>Detects tissue on a slide's low-resolution image and lays the tile grid over it.</summary>
public static class SlideTiler
{
    /// <summary>Runs detection and tiling on an open slide.</summary>
    /// <param name="slide">The slide.</param>
    /// <param name="resolution">Its level-0 resolution.</param>
    /// <param name="detector">The tissue detector.</param>
    /// <param name="tiling">Tiling options.</param>
    /// <param name="lowResolution">Detection-image options, or null for defaults.</param>
    /// <param name="cancellationToken">Cancels the low-resolution read and a segmenter's patch reads.</param>
    /// <returns>The result; dispose it.</returns>
    public static SlideTilingResult Run(ISlideSource slide, SlideResolution resolution, ITissueDetector detector, TilingOptions tiling, LowResolutionOptions? lowResolution = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(tiling);
        tiling.Validate();
        var low = LowResolutionImage.Read(slide, resolution.Mpp, lowResolution, cancellationToken);
        try
        {
            // Detectors that read patches from the slide (segmenters with tile.source 'slide') get it along.
            var detection = detector is ISlideTissueDetector reader
                ? reader.Detect(low.Image, low.Mpp, new SlideRegions(slide, resolution.Mpp.Mean), cancellationToken)
                : detector.Detect(low.Image, low.Mpp);
            var grid = TileGridPlanner.Plan(slide.Levels, resolution.Mpp, detection.Mask, low.Downsample, tiling);
            var regions = detection.Regions.Select(r => r.Scale(low.Downsample)).ToList();
            return new SlideTilingResult(resolution, low, detection, regions, grid);
        }
        catch
        {
            low.Dispose();
            throw;
        }
    }
}
