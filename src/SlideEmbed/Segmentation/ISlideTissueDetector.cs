using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Segmentation;

/// <summary>
/// A tissue detector that may read patches from the slide itself, besides the detection image
/// (segmenters with <c>tile.source: "slide"</c>, and passes built on them). <see cref="Tiling.SlideTiler"/>
/// hands such a detector the slide; other detectors only ever see the detection image.
/// </summary>
public interface ISlideTissueDetector : ITissueDetector
{
    /// <summary>Detects tissue on the detection image, reading from the slide where the detector needs it.</summary>
    /// <param name="image">The detection image, covering the whole slide.</param>
    /// <param name="micronsPerPixel">Its resolution.</param>
    /// <param name="slide">The slide behind it.</param>
    /// <param name="cancellationToken">Checked between batches of patches.</param>
    /// <returns>The mask and regions over <paramref name="image"/>.</returns>
    /// <exception cref="Slides.SlideReadException">The slide could not be read.</exception>
    TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel, SlideRegions slide, CancellationToken cancellationToken);
}
