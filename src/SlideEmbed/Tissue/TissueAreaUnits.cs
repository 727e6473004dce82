namespace SlideEmbed.Tissue;

/// <summary>
/// Converts the area thresholds of the tissue detectors from physical units to pixels of the image
/// being analysed, so a threshold means the same tissue area whatever the detection resolution.
/// </summary>
public static class TissueAreaUnits
{
    /// <summary>
    /// Side of CLAM's reference square in microns: CLAM counts <c>a_t</c> and <c>a_h</c> in units of
    /// 512 x 512 level-0 pixels, and its presets were tuned on TCGA slides scanned at 40x
    /// (0.25 um/px), so one unit is defined here as 512 x 0.25 = 128 um square (16,384 um^2).
    /// </summary>
    public const double ReferenceSquareMicrons = 128;

    /// <summary>Pixels of an image at <paramref name="micronsPerPixel"/> covering <paramref name="squares"/> reference squares: <c>squares * (128 / mpp)^2</c>.</summary>
    /// <param name="squares">Area in reference squares (CLAM's <c>a_t</c>, <c>a_h</c> units), &gt;= 0.</param>
    /// <param name="micronsPerPixel">Resolution of the image, finite and &gt; 0.</param>
    /// <returns>The area in image pixels (fractional).</returns>
    public static double ReferenceSquaresToPixels(double squares, double micronsPerPixel)
    {
        ValidateMicronsPerPixel(micronsPerPixel);
        var side = ReferenceSquareMicrons / micronsPerPixel;
        return squares * side * side;
    }

    /// <summary>
    /// Rescales a pixel count defined at <paramref name="referenceMicronsPerPixel"/> to an image at
    /// <paramref name="micronsPerPixel"/> with the same physical area: <c>pixels * (reference / mpp)^2</c>.
    /// </summary>
    /// <param name="pixels">Pixel count at the reference resolution.</param>
    /// <param name="referenceMicronsPerPixel">The resolution the count was defined at, finite and &gt; 0.</param>
    /// <param name="micronsPerPixel">Resolution of the image, finite and &gt; 0.</param>
    /// <returns>The pixel count at the image resolution (fractional).</returns>
    public static double RescalePixels(double pixels, double referenceMicronsPerPixel, double micronsPerPixel)
    {
        ValidateMicronsPerPixel(referenceMicronsPerPixel);
        ValidateMicronsPerPixel(micronsPerPixel);
        var ratio = referenceMicronsPerPixel / micronsPerPixel;
        return pixels * ratio * ratio;
    }

    /// <summary>Throws unless the resolution is finite and positive.</summary>
    /// <param name="micronsPerPixel">The resolution.</param>
    internal static void ValidateMicronsPerPixel(double micronsPerPixel)
    {
        if (!double.IsFinite(micronsPerPixel) || micronsPerPixel <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(micronsPerPixel), micronsPerPixel, "Microns per pixel must be finite and positive.");
        }
    }
}
