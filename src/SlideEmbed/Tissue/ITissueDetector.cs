using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>Finds tissue in a low-resolution RGB image of a slide.</summary>
public interface ITissueDetector
{
    /// <summary>A short stable name for provenance, e.g. <c>clam:tcga</c> or <c>otsu</c>.</summary>
    string Name { get; }

    /// <summary>The parameters as a flat name-to-value map, for provenance.</summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Detects tissue.</summary>
    /// <param name="image">The low-resolution image (typically 8-16 um/px).</param>
    /// <param name="micronsPerPixel">The image's resolution, used (as its isotropic mean) to convert area thresholds given in physical units.</param>
    /// <returns>The mask and regions in image pixel units.</returns>
    TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel);
}
