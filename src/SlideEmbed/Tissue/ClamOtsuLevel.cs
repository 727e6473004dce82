namespace SlideEmbed.Tissue;

/// <summary>
/// The saturation level of <c>clam-otsu</c>: Otsu's threshold of the median-filtered saturation,
/// floored at <c>sthresh</c>, recomputed without the objects the area filter will drop.
/// </summary>
/// <remarks>
/// <para>
/// Otsu's method splits a histogram in two, and on a slide of pale tissue with a scatter of small,
/// strongly stained objects (debris, dense nuclei clusters, ink dots) the widest split lies between
/// the pale tissue and those objects, not between glass and tissue. The level then sits above all the
/// tissue, only the small objects pass it, the area filter (<c>a_t</c>) removes them, and the slide
/// has no tissue at all. The fix follows the double pass of the <c>otsu</c> detector: the pixels of
/// objects above the level that are smaller than <c>a_t</c> after closing leave the histogram, and
/// Otsu runs again, until a level leaves no such object out (a few passes; each pass removes at least
/// one object). When the first level keeps only objects of tissue size this is exactly CLAM's level.
/// </para>
/// </remarks>
public static class ClamOtsuLevel
{
    private const int MaxPasses = 8;

    /// <summary>Computes the level; tissue is where the median-filtered saturation is strictly above it.</summary>
    /// <param name="median">The median-filtered saturation.</param>
    /// <param name="floor">The lowest level allowed (<c>sthresh</c>).</param>
    /// <param name="closeKernelSize">The closing kernel applied before the area filter (<c>close</c>).</param>
    /// <param name="minRegionPixels">The area filter's smallest object, in pixels of <paramref name="median"/>.</param>
    /// <returns>The level.</returns>
    public static byte Compute(GrayImage median, byte floor, int closeKernelSize, double minRegionPixels)
    {
        ArgumentNullException.ThrowIfNull(median);
        var histogram = median.Histogram();
        var left = new BinaryMask(median.Width, median.Height);
        var level = Level(histogram, floor);
        for (var pass = 1; pass < MaxPasses; pass++)
        {
            var above = median.ToMask(level);
            var kept = Morphology.Close(above, closeKernelSize);
            if (MaskCleanup.RemoveObjectsSmallerThan(kept, minRegionPixels) == 0 || !LeaveOut(median, above, kept, left, histogram))
            {
                break;
            }

            level = Level(histogram, floor);
        }

        return level;
    }

    private static byte Level(long[] histogram, byte floor) => Math.Max(OtsuThreshold.Compute(histogram), floor);

    // Takes out of the histogram the pixels above the level that the area filter drops and that are
    // not out already; false when there were none.
    private static bool LeaveOut(GrayImage median, BinaryMask above, BinaryMask kept, BinaryMask left, long[] histogram)
    {
        var values = median.Data;
        var any = false;
        for (var i = 0; i < values.Length; i++)
        {
            if (above.Data[i] != 0 && kept.Data[i] == 0 && left.Data[i] == 0)
            {
                left.Data[i] = 1;
                histogram[values[i]]--;
                any = true;
            }
        }

        return any;
    }
}
