using System.Collections.Concurrent;

namespace SlideEmbed.Preprocessing;

/// <summary>
/// Fixed-point resampling weights for one axis, computed exactly as Pillow's <c>precompute_coeffs</c>
/// and <c>normalize_coeffs_8bpc</c> do (Pillow 9-11): filter support scaled by the shrink factor, window
/// <c>[(int)(centre - support + 0.5), (int)(centre + support + 0.5))</c> clipped to the input, weights
/// normalised to sum 1 in double, then rounded half away from zero to 22 fractional bits.
/// Instances are immutable and cached per (input size, output size, filter). Besides Pillow's layout
/// they hold the weights spread for the vector passes of <see cref="PilResampler"/>.
/// </summary>
internal sealed class ResampleKernel
{
    /// <summary>Fractional bits of the fixed-point weights (Pillow's <c>PRECISION_BITS</c>).</summary>
    internal const int PrecisionBits = 32 - 8 - 2;

    private static readonly ConcurrentDictionary<(int, int, Interpolation), ResampleKernel> s_cache = new();

    /// <summary>Taps the horizontal vector pass reads per step: one 16-byte load covers 4 RGB pixels.</summary>
    internal const int TapGroup = 4;

    /// <summary>Copies of each weight in <see cref="SpreadWeights"/>: one per int32 lane of an R, G, B, pad pixel.</summary>
    internal const int Spread = 4;

    private ResampleKernel(int inSize, int outSize, int size, int[] starts, int[] counts, int[] weights)
    {
        InSize = inSize;
        OutSize = outSize;
        Size = size;
        Starts = starts;
        Counts = counts;
        Weights = weights;
        PaddedSize = (size + TapGroup - 1) / TapGroup * TapGroup;
        SpreadWeights = new int[outSize * PaddedSize * Spread];
        for (var xx = 0; xx < outSize; xx++)
        {
            for (var x = 0; x < counts[xx]; x++)
            {
                SpreadWeights.AsSpan(((xx * PaddedSize) + x) * Spread, Spread).Fill(weights[(xx * size) + x]);
            }
        }

        // Every output sample runs MaxGroups groups (a loop of fixed length predicts well); each
        // group's 16-byte load starts 12 bytes after the one before it.
        MaxGroups = outSize == 0 ? 0 : (counts.Max() + TapGroup - 1) / TapGroup;
        var groupBytes = TapGroup * 3;
        var prefix = 0;
        while (prefix < outSize && (starts[prefix] * 3) + ((MaxGroups - 1) * groupBytes) + 16 <= inSize * 3)
        {
            prefix++;
        }

        GroupedPrefix = prefix;
    }

    /// <summary>Number of input samples.</summary>
    public int InSize { get; }

    /// <summary>Number of output samples.</summary>
    public int OutSize { get; }

    /// <summary>Stride of <see cref="Weights"/> per output sample.</summary>
    public int Size { get; }

    /// <summary>First input index of each output sample.</summary>
    public int[] Starts { get; }

    /// <summary>Number of input samples of each output sample.</summary>
    public int[] Counts { get; }

    /// <summary>Weights, <see cref="Size"/> per output sample, fixed point with <see cref="PrecisionBits"/> fractional bits.</summary>
    public int[] Weights { get; }

    /// <summary><see cref="Size"/> rounded up to whole groups of <see cref="TapGroup"/> taps.</summary>
    public int PaddedSize { get; }

    /// <summary>
    /// The weights with each tap repeated <see cref="Spread"/> times, <c>PaddedSize * Spread</c> per output
    /// sample, zero past <see cref="Counts"/>: the factor of every int32 lane when a tap's pixel is held
    /// as R, G, B, pad lanes.
    /// </summary>
    public int[] SpreadWeights { get; }

    /// <summary>Groups of <see cref="TapGroup"/> taps that cover the taps of every output sample (zero weights past each one's count).</summary>
    public int MaxGroups { get; }

    /// <summary>
    /// How many leading output samples read only inside a row of interleaved RGB input when each of
    /// <see cref="MaxGroups"/> groups of taps is loaded as 16 bytes (12 of them pixels); the
    /// horizontal vector passes leave the rest to the scalar loop.
    /// </summary>
    public int GroupedPrefix { get; }

    /// <summary>The cached kernel for resizing <paramref name="inSize"/> samples to <paramref name="outSize"/>.</summary>
    /// <param name="inSize">Input length.</param>
    /// <param name="outSize">Output length.</param>
    /// <param name="filter">Bilinear or bicubic.</param>
    /// <returns>The kernel.</returns>
    public static ResampleKernel Get(int inSize, int outSize, Interpolation filter) =>
        s_cache.GetOrAdd((inSize, outSize, filter), static k => Build(k.Item1, k.Item2, k.Item3));

    private static ResampleKernel Build(int inSize, int outSize, Interpolation filter)
    {
        var support = filter switch
        {
            Interpolation.Bilinear => 1.0,
            Interpolation.Bicubic => 2.0,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Only bilinear and bicubic use convolution kernels."),
        };
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        var size = ((int)Math.Ceiling(support) * 2) + 1;
        var starts = new int[outSize];
        var counts = new int[outSize];
        var weights = new int[outSize * size];
        var k = new double[size];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ss = 1.0 / filterScale;
            var xmin = Math.Max(0, (int)(center - support + 0.5));
            var xmax = Math.Min(inSize, (int)(center + support + 0.5)) - xmin;
            double sum = 0;
            for (var x = 0; x < xmax; x++)
            {
                var w = Evaluate(filter, (x + xmin - center + 0.5) * ss);
                k[x] = w;
                sum += w;
            }

            for (var x = 0; x < xmax; x++)
            {
                var w = sum != 0 ? k[x] / sum : k[x];
                weights[(xx * size) + x] = w < 0
                    ? (int)(-0.5 + (w * (1 << PrecisionBits)))
                    : (int)(0.5 + (w * (1 << PrecisionBits)));
            }

            starts[xx] = xmin;
            counts[xx] = Math.Max(0, xmax);
        }

        return new ResampleKernel(inSize, outSize, size, starts, counts, weights);
    }

    private static double Evaluate(Interpolation filter, double x)
    {
        x = Math.Abs(x);
        if (filter == Interpolation.Bilinear)
        {
            return x < 1 ? 1 - x : 0;
        }

        const double a = -0.5;
        if (x < 1)
        {
            return ((((a + 2) * x) - (a + 3)) * x * x) + 1;
        }

        return x < 2 ? ((((x - 5) * x) + 8) * x - 4) * a : 0;
    }
}
