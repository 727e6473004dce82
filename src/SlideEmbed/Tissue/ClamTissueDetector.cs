using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>
/// CLAM's classic tissue segmentation: HSV saturation, median filter (<c>mthresh</c>), threshold
/// (<c>S &gt; sthresh</c>, or Otsu's level floored at <c>sthresh</c>), morphological closing (<c>close</c>), then contours with holes
/// filtered by area (<c>a_t</c>, <c>a_h</c>, <c>max_n_holes</c>). See <see cref="ClamTissueOptions"/>
/// for the units.
/// </summary>
/// <remarks>
/// <para>
/// Steps: (1) saturation in 0-255; (2)+(3) the median-then-threshold is computed exactly in O(1) per
/// pixel when the fixed threshold is used, and with a full median filter when Otsu is; (4) closing;
/// (5) optional pen exclusion; (6) the area filter on the containment tree (see the remarks of
/// <see cref="ContourTracer"/> for connectivity): a component is kept when its pixel count (its outer
/// ring area net of all hole rings) is at least <c>a_t</c>; of its holes, at most
/// <c>max_n_holes</c> of the largest with ring area at least <c>a_h</c> stay, the others are filled
/// together with anything inside them. Islands inside kept holes, or inside the holes of dropped
/// components, are judged as regions of their own. (7) The result mask is rebuilt from that decision
/// and traced, so mask and regions agree exactly.
/// </para>
/// <para>
/// Differences from CLAM: areas are pixel-edge areas (pixel counts) rather than OpenCV's polygon
/// areas through pixel centres; thresholds are compared with <c>&gt;=</c>; with <see cref="ClamTissueOptions.UseOtsu"/>,
/// <c>sthresh</c> is a floor under Otsu's level, so blank glass stays blank, and the level is recomputed
/// without objects the area filter drops (see <see cref="ClamOtsuLevel"/>); the even-kernel closing is
/// not shifted by a pixel (see <see cref="Morphology"/>). Thread-safe: instances hold only immutable
/// options.
/// </para>
/// <para>
/// Parameters: every option under CLAM's name (<c>sthresh</c>, <c>mthresh</c>, <c>close</c>, <c>a_t</c>,
/// <c>a_h</c>, <c>max_n_holes</c>, <c>use_otsu</c>), the area unit <c>area_unit_um</c>, and <c>pen</c>
/// with its <c>pen.*</c> settings.
/// </para>
/// </remarks>
public sealed class ClamTissueDetector : ConfiguredTissueDetector<ClamTissueOptions>
{
    /// <summary>Creates a detector with the <see cref="ClamTissueOptions.Tcga"/> preset.</summary>
    public ClamTissueDetector()
        : this(ClamTissueOptions.Tcga)
    {
    }

    /// <summary>Creates a detector.</summary>
    /// <param name="options">The options.</param>
    public ClamTissueDetector(ClamTissueOptions options)
        : base(options, o => o.PenMarks, (o, map) => o.AddTo(map))
    {
    }

    /// <summary>
    /// <c>clam:</c> (or <c>clam-otsu:</c> with <see cref="ClamTissueOptions.UseOtsu"/>) plus
    /// <see cref="ClamTissueOptions.PresetName"/>, e.g. <c>clam:tcga</c>, <c>clam-otsu:tcga</c>,
    /// <c>clam:custom</c>. Pen exclusion shows in <see cref="ConfiguredTissueDetector{TOptions}.Parameters"/>, not in the name.
    /// </summary>
    public override string Name => (Options.UseOtsu ? "clam-otsu:" : "clam:") + Options.PresetName;

    /// <inheritdoc />
    public override TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        var options = Options;

        var minRegion = TissueAreaUnits.ReferenceSquaresToPixels(options.MinRegionArea, micronsPerPixel.Mean);
        var saturation = HsvConversion.Saturation(image);
        BinaryMask mask;
        if (options.UseOtsu)
        {
            var median = MedianFilter.Apply(saturation, options.MedianKernelSize);
            // sthresh floors Otsu's level: on empty glass the saturation is pure noise, which Otsu would
            // split in two and call half of it tissue.
            mask = median.ToMask(ClamOtsuLevel.Compute(median, (byte)options.SaturationThreshold, options.CloseKernelSize, minRegion));
        }
        else
        {
            mask = MedianFilter.ApplyAndThreshold(saturation, options.MedianKernelSize, (byte)options.SaturationThreshold);
        }

        mask = Morphology.Close(mask, options.CloseKernelSize);
        if (options.PenMarks is not null)
        {
            PenMarkDetector.Subtract(mask, PenMarkDetector.Detect(image, options.PenMarks, micronsPerPixel));
        }

        var minHole = TissueAreaUnits.ReferenceSquaresToPixels(options.MinHoleArea, micronsPerPixel.Mean);
        var filtered = ClamRegionFilter.Apply(mask, minRegion, minHole, options.MaxHoles);
        return new TissueDetectionResult(filtered, ContourTracer.Trace(filtered));
    }
}
