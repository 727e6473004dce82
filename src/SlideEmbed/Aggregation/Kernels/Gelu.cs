using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <summary>
/// Exact (erf) GELU, <c>x/2 (1 + erf(x / sqrt 2))</c>, as PyTorch's default <c>F.gelu</c>.
/// </summary>
/// <remarks>
/// erfc comes from the Chebyshev-fitted form <c>t exp(-z^2 + P(t))</c>, <c>t = 1 / (1 + z/2)</c>
/// (Numerical Recipes' <c>erfcc</c>), whose relative error is below 1.2e-7 for every z &gt;= 0, i.e. below
/// float32 resolution. GELU is evaluated as <c>x/2 erfc(|x|/sqrt 2)</c> for negative x and
/// <c>x - x/2 erfc(x/sqrt 2)</c> otherwise, so the negative tail keeps full relative precision instead of
/// cancelling in <c>1 + erf</c>.
/// </remarks>
internal static class Gelu
{
    private const float InvSqrt2 = 0.70710678118654752f;

    // P(t), highest power first.
    private static readonly double[] s_coefficients =
        [0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223];

    /// <summary>Applies GELU in place.</summary>
    /// <param name="x">Values, replaced by GELU(x).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<float> x)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var n = x.Length;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            Apply(Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref xr, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref xr, i) = Apply(Unsafe.Add(ref xr, i));
        }
    }

    /// <summary>GELU of one value (the scalar tail, and the reference for the vector path).</summary>
    /// <param name="x">Input.</param>
    /// <returns>GELU(x).</returns>
    public static float Apply(float x)
    {
        var z = Math.Abs(x) * InvSqrt2;
        var t = 1f / (1f + (0.5f * z));
        var e = 0.5f * x * t * MathF.Exp(-(z * z) + Poly(t));
        return x < 0 ? e : x - e;
    }

    /// <summary>erfc(z) for z &gt;= 0, relative error below 1.2e-7.</summary>
    /// <param name="z">Non-negative argument.</param>
    /// <returns>The complementary error function.</returns>
    public static double Erfc(double z)
    {
        var t = 1.0 / (1.0 + (0.5 * z));
        var p = 0.0;
        foreach (var c in s_coefficients)
        {
            p = (p * t) + c;
        }

        return t * Math.Exp(p - (z * z));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector256<float> Apply(Vector256<float> x)
    {
        var z = Vector256.Abs(x) * Vector256.Create(InvSqrt2);
        var t = Vector256<float>.One / (Vector256<float>.One + (Vector256.Create(0.5f) * z));
        var p = Vector256.Create(0.17087277f);
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(-0.82215223f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(1.48851587f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(-1.13520398f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(0.27886807f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(-0.18628806f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(0.09678418f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(0.37409196f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(1.00002368f));
        p = Vector256.MultiplyAddEstimate(p, t, Vector256.Create(-1.26551223f));
        // p - z^2 never exceeds ~1e-7 (at z = 0), inside the exponential's domain.
        var e = Vector256.Create(0.5f) * x * t * VectorMath.ExpNonPositive(p - (z * z));
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), e, x - e);
    }

    private static float Poly(float t)
    {
        var p = 0f;
        foreach (var c in s_coefficients)
        {
            p = (p * t) + (float)c;
        }

        return p;
    }
}
