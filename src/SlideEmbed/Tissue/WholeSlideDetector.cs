using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tissue;

/// <summary>Treats the whole slide as tissue (for pre-cropped regions or when detection is unwanted).</summary>
public sealed class WholeSlideDetector : ITissueDetector
{
    /// <inheritdoc />
    public string Name => "none";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mask = new BinaryMask(image.Width, image.Height);
        Array.Fill(mask.Data, (byte)1);
        var outer = new Ring([(0, 0), (image.Width, 0), (image.Width, image.Height), (0, image.Height)]);
        return new TissueDetectionResult(mask, [new TissueRegion(outer, [])]);
    }
}
