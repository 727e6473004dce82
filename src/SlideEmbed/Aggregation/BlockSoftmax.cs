namespace SlideEmbed.Aggregation;

/// <summary>
/// Merges per-block softmax pooling partials (each block's running maximum, sum of exp(score - max) and
/// exp-weighted row sum, per head) in block order, so the result does not depend on thread timing.
/// </summary>
internal static class BlockSoftmax
{
    /// <summary>The softmax-weighted mean per head.</summary>
    /// <param name="maxima">[blocks x heads] score maxima.</param>
    /// <param name="sums">[blocks x heads] sums of exp(score - max).</param>
    /// <param name="partial">[blocks x heads x width] exp-weighted row sums.</param>
    /// <param name="blocks">Number of blocks.</param>
    /// <param name="heads">Number of heads.</param>
    /// <param name="width">Pooled width.</param>
    /// <returns>[heads x width], each head's rows weighted by its softmax.</returns>
    public static double[] Merge(double[] maxima, double[] sums, double[] partial, int blocks, int heads, int width)
    {
        var result = new double[heads * width];
        for (var c = 0; c < heads; c++)
        {
            var max = double.NegativeInfinity;
            for (var b = 0; b < blocks; b++)
            {
                max = Math.Max(max, maxima[(b * heads) + c]);
            }

            var total = 0.0;
            var target = result.AsSpan(c * width, width);
            for (var b = 0; b < blocks; b++)
            {
                var scale = Math.Exp(maxima[(b * heads) + c] - max);
                total += sums[(b * heads) + c] * scale;
                var source = partial.AsSpan(((b * heads) + c) * width, width);
                for (var k = 0; k < width; k++)
                {
                    target[k] += source[k] * scale;
                }
            }

            for (var k = 0; k < width; k++)
            {
                target[k] /= total;
            }
        }

        return result;
    }
}
