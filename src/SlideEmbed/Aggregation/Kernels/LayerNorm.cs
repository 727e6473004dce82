using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <summary>
/// PyTorch <c>LayerNorm</c> over the last dimension: <c>(x - mean) / sqrt(var + eps) * w + b</c> with the
/// biased variance. Two passes (mean, then squared deviations) so large offsets cost no precision.
/// </summary>
internal static class LayerNorm
{
    /// <summary>Normalises one row.</summary>
    /// <param name="x">Input row.</param>
    /// <param name="y">Output row; may be the same memory as <paramref name="x"/>.</param>
    /// <param name="weight">Scale, same length.</param>
    /// <param name="bias">Shift, same length.</param>
    /// <param name="eps">Added to the variance.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps)
    {
        var n = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var wr = ref MemoryMarshal.GetReference(weight);
        ref var br = ref MemoryMarshal.GetReference(bias);

        var acc = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            acc += Vector256.LoadUnsafe(ref xr, (nuint)i);
        }

        double sum = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xr, i);
        }

        var mean = (float)(sum / n);
        var vm = Vector256.Create(mean);
        acc = Vector256<float>.Zero;
        for (i = 0; i + 8 <= n; i += 8)
        {
            var d = Vector256.LoadUnsafe(ref xr, (nuint)i) - vm;
            acc = Vector256.MultiplyAddEstimate(d, d, acc);
        }

        double squares = Vector256.Sum(acc);
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref xr, i) - mean;
            squares += d * d;
        }

        var rstd = (float)(1.0 / Math.Sqrt((squares / n) + eps));
        var vr = Vector256.Create(rstd);
        for (i = 0; i + 8 <= n; i += 8)
        {
            var z = (Vector256.LoadUnsafe(ref xr, (nuint)i) - vm) * vr;
            Vector256.MultiplyAddEstimate(z, Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = ((Unsafe.Add(ref xr, i) - mean) * rstd * Unsafe.Add(ref wr, i)) + Unsafe.Add(ref br, i);
        }
    }

    /// <summary>Normalises a float64 vector (the pooled outputs), rounding the result to float32.</summary>
    /// <param name="x">Input.</param>
    /// <param name="weight">Scale.</param>
    /// <param name="bias">Shift.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <returns>A new float32 array.</returns>
    public static float[] ApplyDouble(ReadOnlySpan<double> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, double eps)
    {
        var n = x.Length;
        var mean = 0.0;
        foreach (var v in x)
        {
            mean += v;
        }

        mean /= n;
        var variance = 0.0;
        foreach (var v in x)
        {
            variance += (v - mean) * (v - mean);
        }

        var rstd = 1.0 / Math.Sqrt((variance / n) + eps);
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = (float)(((x[i] - mean) * rstd * weight[i]) + bias[i]);
        }

        return y;
    }
}
