using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>
/// Double-pass Otsu tissue segmentation in the style of CellViT (TRIDENT's classic option): grey,
/// dark and black pixels become background; Otsu's threshold on HSV saturation; small objects removed;
/// Otsu again; small holes filled; contours with holes.
/// </summary>
/// <remarks>
/// <para>
/// Channel: saturation, in which background is 0 after the replacements, rather than inverted grey
/// level. On H&amp;E, tissue is coloured and glass is not, whatever the illumination: saturation
/// ignores uneven background brightness (vignetting, stripes between scan lanes, a yellowish slide)
/// and grey debris such as dust and out-of-focus specks, all of which an inverted grey level turns
/// into "tissue", and it matches the channel of the CLAM detector.
/// </para>
/// <para>
/// Steps: (1) pixels that are dark (<c>V &lt;= 85</c>, which includes pure black padding), grey
/// (<c>S &lt;= 10</c> and <c>V &gt;= 70</c>), or pen ink when enabled, get saturation 0 (white);
/// (2) Otsu threshold <c>t1</c> over the whole image, tissue where <c>S &gt; t1</c>; (3) objects
/// smaller than 60 reference pixels are removed and their pixels set to saturation 0 too, so they no
/// longer weigh on the statistics; (4) Otsu again over that cleaned image, <c>S &gt; t2</c>, and small
/// objects removed again (a lower <c>t2</c> could otherwise let new specks in); (5) holes smaller than
/// 5000 reference pixels are filled; (6) traced with <see cref="ContourTracer"/>. Reference pixels
/// are at 8 um/px: at <c>mpp</c> the counts are scaled by <c>(8 / mpp)^2</c>. Thread-safe.
/// </para>
/// <para>
/// Parameters: the channel and every option (<c>grey_max_s</c>, <c>grey_min_v</c>, <c>dark_max_v</c>,
/// <c>min_object_px</c>, <c>min_hole_px</c>, <c>reference_mpp</c>, <c>pen</c> and <c>pen.*</c>).
/// </para>
/// </remarks>
public sealed class OtsuTissueDetector : ConfiguredTissueDetector<OtsuTissueOptions>
{
    /// <summary>Creates a detector with the default options.</summary>
    public OtsuTissueDetector()
        : this(OtsuTissueOptions.Default)
    {
    }

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options.</param>
    public OtsuTissueDetector(OtsuTissueOptions options)
        : base(options, o => o.PenMarks, (o, map) => o.AddTo(map))
    {
    }

    /// <summary>Always <c>otsu</c>; the options are in <see cref="ConfiguredTissueDetector{TOptions}.Parameters"/>.</summary>
    public override string Name => "otsu";

    /// <inheritdoc />
    public override TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var options = Options;

        var (saturationImage, valueImage) = HsvConversion.SaturationAndValue(image);
        var saturation = saturationImage.Data;
        var value = valueImage.Data;
        var ink = options.PenMarks is null ? null : PenMarkDetector.Detect(image, options.PenMarks, micronsPerPixel).Data;
        for (var i = 0; i < saturation.Length; i++)
        {
            var v = value[i];
            var background = v <= options.DarkMaxValue
                || (saturation[i] <= options.GreyMaxSaturation && v >= options.GreyMinValue)
                || (ink is not null && ink[i] != 0);
            saturation[i] = background ? (byte)0 : saturation[i];
        }

        var minObject = TissueAreaUnits.RescalePixels(options.MinObjectPixels, options.ReferenceMicronsPerPixel, micronsPerPixel.Mean);
        var first = OtsuThreshold.Compute(saturationImage);
        var mask = saturationImage.ToMask(first);
        if (MaskCleanup.RemoveObjectsSmallerThan(mask, minObject) > 0)
        {
            var kept = mask.Data;
            for (var i = 0; i < saturation.Length; i++)
            {
                saturation[i] = saturation[i] > first && kept[i] == 0 ? (byte)0 : saturation[i];
            }
        }

        mask = saturationImage.ToMask(OtsuThreshold.Compute(saturationImage));
        MaskCleanup.RemoveObjectsSmallerThan(mask, minObject);
        MaskCleanup.FillHolesSmallerThan(mask, TissueAreaUnits.RescalePixels(options.MinHolePixelsKept, options.ReferenceMicronsPerPixel, micronsPerPixel.Mean));
        return new TissueDetectionResult(mask, ContourTracer.Trace(mask));
    }
}
