using System.Numerics;
using System.Runtime.CompilerServices;

namespace SlideEmbed.Tissue;

/// <summary>
/// Median filter of an 8-bit image with a square odd <c>k x k</c> window and replicated borders
/// (OpenCV <c>medianBlur</c> semantics: the output is the <c>(k*k + 1) / 2</c>-th smallest value of the
/// window, edge pixels repeated outside the image).
/// </summary>
/// <remarks>
/// <see cref="Apply(GrayImage, GrayImage, int)"/> uses Huang's sliding histogram: a 256-bin histogram
/// of the window is updated by one column out and one column in per step (O(k) per pixel) and the
/// median is tracked incrementally with a count of values below it. When only the thresholded median
/// is needed, <see cref="ApplyAndThreshold"/> is exact and O(1) per pixel: the median exceeds
/// <c>t</c> exactly when at least <c>(k*k + 1) / 2</c> window values exceed <c>t</c>, which is a box
/// count. Methods are thread-safe for distinct destinations.
/// </remarks>
public static class MedianFilter
{
    /// <summary>The largest supported kernel size.</summary>
    public const int MaxKernelSize = 255;

    /// <summary>Median-filters an image into a new image.</summary>
    /// <param name="source">The image.</param>
    /// <param name="kernelSize">Odd window size, 1 to <see cref="MaxKernelSize"/>; 1 copies.</param>
    /// <returns>The filtered image.</returns>
    public static GrayImage Apply(GrayImage source, int kernelSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        var destination = new GrayImage(source.Width, source.Height);
        Apply(source, destination, kernelSize);
        return destination;
    }

    /// <summary>Median-filters <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">The image.</param>
    /// <param name="destination">An image of the same size; must not be <paramref name="source"/>.</param>
    /// <param name="kernelSize">Odd window size, 1 to <see cref="MaxKernelSize"/>; 1 copies.</param>
    /// <exception cref="ArgumentException">Sizes differ, the images are the same object, or the kernel is even or out of range.</exception>
    public static void Apply(GrayImage source, GrayImage destination, int kernelSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ValidateKernel(kernelSize);
        if (source.Width != destination.Width || source.Height != destination.Height)
        {
            throw new ArgumentException("Source and destination sizes differ.", nameof(destination));
        }

        if (ReferenceEquals(source, destination))
        {
            throw new ArgumentException("The median filter cannot run in place.", nameof(destination));
        }

        if (kernelSize == 1 || source.Width == 0 || source.Height == 0)
        {
            source.Data.CopyTo(destination.Data, 0);
            return;
        }

        Huang(source.Data, destination.Data, source.Width, source.Height, kernelSize);
    }

    /// <summary>
    /// The mask of pixels whose <c>k x k</c> median is strictly greater than <paramref name="threshold"/>;
    /// identical to <c>Apply(source, k).ToMask(threshold)</c> but O(1) per pixel.
    /// </summary>
    /// <param name="source">The image.</param>
    /// <param name="kernelSize">Odd window size, 1 to <see cref="MaxKernelSize"/>.</param>
    /// <param name="threshold">The threshold; a median equal to it is background.</param>
    /// <returns>A new mask.</returns>
    public static BinaryMask ApplyAndThreshold(GrayImage source, int kernelSize, byte threshold)
    {
        ArgumentNullException.ThrowIfNull(source);
        ValidateKernel(kernelSize);
        int w = source.Width, h = source.Height;
        var mask = new BinaryMask(w, h);
        if (w == 0 || h == 0)
        {
            return mask;
        }

        ThresholdedMedian(source.Data, mask.Data, w, h, kernelSize, threshold);
        return mask;
    }

    private static void ValidateKernel(int kernelSize)
    {
        if (kernelSize < 1 || kernelSize > MaxKernelSize || kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, $"The median kernel must be odd and between 1 and {MaxKernelSize}.");
        }
    }

    // Column counts of values above the threshold over the replicated row window, kept up to date
    // with whole-row vector compares, then a sliding sum along each row.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ThresholdedMedian(byte[] source, byte[] destination, int w, int h, int k, byte threshold)
    {
        var r = k / 2;
        var rank = ((k * k) + 1) / 2;
        var column = new byte[w];
        for (var dy = -r; dy <= r; dy++)
        {
            AddAbove(source.AsSpan(Math.Clamp(dy, 0, h - 1) * w, w), column, threshold, 1);
        }

        for (var y = 0; y < h; y++)
        {
            var output = destination.AsSpan(y * w, w);
            var sum = 0;
            for (var dx = -r; dx <= r; dx++)
            {
                sum += column[Math.Clamp(dx, 0, w - 1)];
            }

            output[0] = sum >= rank ? (byte)1 : (byte)0;
            for (var x = 1; x < w; x++)
            {
                sum += column[Math.Min(x + r, w - 1)] - column[Math.Max(x - r - 1, 0)];
                output[x] = sum >= rank ? (byte)1 : (byte)0;
            }

            if (y + 1 < h)
            {
                // Remove before adding, so no count ever exceeds k (<= 255).
                AddAbove(source.AsSpan(Math.Max(y - r, 0) * w, w), column, threshold, -1);
                AddAbove(source.AsSpan(Math.Min(y + 1 + r, h - 1) * w, w), column, threshold, 1);
            }
        }
    }

    // counts[x] += sign where row[x] > threshold (sign is +1 or -1; byte arithmetic wraps exactly).
    private static void AddAbove(ReadOnlySpan<byte> row, Span<byte> counts, byte threshold, int sign)
    {
        var x = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<byte>.Count)
        {
            var limit = new Vector<byte>(threshold);
            for (; x <= row.Length - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                // GreaterThan yields 0xFF (that is, -1) per true lane.
                var above = Vector.GreaterThan(new Vector<byte>(row[x..]), limit);
                var current = new Vector<byte>(counts[x..]);
                (sign > 0 ? current - above : current + above).CopyTo(counts[x..]);
            }
        }

        for (; x < row.Length; x++)
        {
            counts[x] = (byte)(counts[x] + (row[x] > threshold ? sign : 0));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Huang(byte[] source, byte[] destination, int w, int h, int k)
    {
        var r = k / 2;
        var rank = ((k * k) + 1) / 2;
        var histogram = stackalloc int[256];
        var rows = new int[k];
        fixed (byte* src = source)
        fixed (byte* dst = destination)
        fixed (int* rowOffsets = rows)
        {
            for (var y = 0; y < h; y++)
            {
                for (var i = 0; i < k; i++)
                {
                    rowOffsets[i] = Math.Clamp(y - r + i, 0, h - 1) * w;
                }

                new Span<int>(histogram, 256).Clear();
                for (var dx = -r; dx <= r; dx++)
                {
                    var cx = Math.Clamp(dx, 0, w - 1);
                    for (var i = 0; i < k; i++)
                    {
                        histogram[src[rowOffsets[i] + cx]]++;
                    }
                }

                // Invariant: below == number of window values strictly less than median.
                int median = 0, below = 0;
                while (below + histogram[median] < rank)
                {
                    below += histogram[median];
                    median++;
                }

                var outRow = dst + (y * w);
                outRow[0] = (byte)median;
                for (var x = 1; x < w; x++)
                {
                    var xOut = x - r - 1 < 0 ? 0 : x - r - 1;
                    var xIn = x + r >= w ? w - 1 : x + r;
                    for (var i = 0; i < k; i++)
                    {
                        var row = src + rowOffsets[i];
                        int vOut = row[xOut];
                        int vIn = row[xIn];
                        histogram[vOut]--;
                        histogram[vIn]++;
                        below += (vIn < median ? 1 : 0) - (vOut < median ? 1 : 0);
                    }

                    if (below >= rank)
                    {
                        do
                        {
                            median--;
                            below -= histogram[median];
                        }
                        while (below >= rank);
                    }
                    else
                    {
                        while (below + histogram[median] < rank)
                        {
                            below += histogram[median];
                            median++;
                        }
                    }

                    outRow[x] = (byte)median;
                }
            }
        }
    }
}
