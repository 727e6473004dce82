namespace SlideEmbed.Tissue;

/// <summary>
/// Otsu's threshold of an 8-bit histogram: the value <c>t</c> that maximises the between-class
/// variance <c>w0 * w1 * (mu0 - mu1)^2</c> of the split into values <c>&lt;= t</c> and values
/// <c>&gt; t</c>. Foreground is then <c>value &gt; t</c>, as with OpenCV's <c>THRESH_OTSU</c>.
/// </summary>
public static class OtsuThreshold
{
    /// <summary>Computes the threshold.</summary>
    /// <param name="histogram">Counts for values 0-255 (at most 256 entries; missing ones count as 0), non-negative.</param>
    /// <returns>
    /// The lowest maximising <c>t</c> (so an empty gap between two modes resolves to the top of the
    /// lower mode). When no split separates two non-empty classes (empty histogram or a single value),
    /// the highest occupied value (0 when empty), so that no pixel lies above it.
    /// </returns>
    /// <exception cref="ArgumentException">More than 256 bins or a negative count.</exception>
    public static byte Compute(ReadOnlySpan<long> histogram)
    {
        if (histogram.Length > 256)
        {
            throw new ArgumentException("An 8-bit histogram has at most 256 bins.", nameof(histogram));
        }

        double total = 0, totalSum = 0;
        var highest = 0;
        for (var v = 0; v < histogram.Length; v++)
        {
            if (histogram[v] < 0)
            {
                throw new ArgumentException("Histogram counts must be non-negative.", nameof(histogram));
            }

            if (histogram[v] > 0)
            {
                highest = v;
            }

            total += histogram[v];
            totalSum += (double)v * histogram[v];
        }

        double best = -1, w0 = 0, sum0 = 0;
        var threshold = -1;
        for (var t = 0; t < histogram.Length; t++)
        {
            w0 += histogram[t];
            sum0 += (double)t * histogram[t];
            var w1 = total - w0;
            if (w0 == 0 || w1 == 0)
            {
                continue;
            }

            var mean0 = sum0 / w0;
            var mean1 = (totalSum - sum0) / w1;
            var between = w0 * w1 * (mean0 - mean1) * (mean0 - mean1);
            if (between > best)
            {
                best = between;
                threshold = t;
            }
        }

        return (byte)(threshold < 0 ? highest : threshold);
    }

    /// <summary>Otsu's threshold of an image's values.</summary>
    /// <param name="image">The image.</param>
    /// <returns>The threshold; see <see cref="Compute(ReadOnlySpan{long})"/>.</returns>
    public static byte Compute(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Compute(image.Histogram());
    }
}
