using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <summary>Element-wise and row helpers with 256-bit vectors and a scalar tail.</summary>
internal static partial class VectorMath
{
    private const float MinExponent = -87.33654f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = 2.12194440e-4f; // ln 2 = Ln2High - Ln2Low, split so n * Ln2High is exact.
    private const float ExpC5 = 1.9875691500e-4f;
    private const float ExpC4 = 1.3981999507e-3f;
    private const float ExpC3 = 8.3334519073e-3f;
    private const float ExpC2 = 4.1665795894e-2f;
    private const float ExpC1 = 1.6666665459e-1f;
    private const float ExpC0 = 5.0000001201e-1f;

    /// <summary><c>y += x</c>.</summary>
    /// <param name="y">Updated in place.</param>
    /// <param name="x">Same length as y.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(Span<float> y, ReadOnlySpan<float> x)
    {
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var n = y.Length;
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            (Vector256.LoadUnsafe(ref yr, (nuint)i) + Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) += Unsafe.Add(ref xr, i);
        }
    }

    /// <summary><c>y *= s</c>.</summary>
    /// <param name="y">Updated in place.</param>
    /// <param name="s">Scale.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(Span<float> y, float s)
    {
        ref var yr = ref MemoryMarshal.GetReference(y);
        var n = y.Length;
        var vs = Vector256.Create(s);
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            (Vector256.LoadUnsafe(ref yr, (nuint)i) * vs).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) *= s;
        }
    }

    /// <summary><c>y = y * a + x * b</c>.</summary>
    /// <param name="y">Updated in place.</param>
    /// <param name="a">Scale of y.</param>
    /// <param name="x">Same length as y.</param>
    /// <param name="b">Scale of x.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleAdd(Span<float> y, float a, ReadOnlySpan<float> x, float b)
    {
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var xr = ref MemoryMarshal.GetReference(x);
        var n = y.Length;
        var va = Vector256.Create(a);
        var vb = Vector256.Create(b);
        var i = 0;
        for (; i + 8 <= n; i += 8)
        {
            Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref xr, (nuint)i), vb, Vector256.LoadUnsafe(ref yr, (nuint)i) * va).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref yr, i) = (Unsafe.Add(ref yr, i) * a) + (Unsafe.Add(ref xr, i) * b);
        }
    }

    /// <summary>The largest element.</summary>
    /// <param name="x">At least one element.</param>
    /// <returns>max(x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Max(ReadOnlySpan<float> x)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var n = x.Length;
        var i = 0;
        var best = float.NegativeInfinity;
        if (n >= 8)
        {
            var v = Vector256.LoadUnsafe(ref xr);
            for (i = 8; i + 8 <= n; i += 8)
            {
                v = Vector256.Max(v, Vector256.LoadUnsafe(ref xr, (nuint)i));
            }

            for (var l = 0; l < 8; l++)
            {
                best = Math.Max(best, v.GetElement(l));
            }
        }

        for (; i < n; i++)
        {
            best = Math.Max(best, Unsafe.Add(ref xr, i));
        }

        return best;
    }

    /// <summary>Replaces each element by <c>exp(x - shift)</c> and returns their sum.</summary>
    /// <param name="x">Updated in place.</param>
    /// <param name="shift">Subtracted before the exponential; at least max(x), so every argument is &lt;= 0.</param>
    /// <returns>The sum of the new values.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float ExpShiftedSum(Span<float> x, float shift)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var n = x.Length;
        var i = 0;
        var total = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            var s512 = Vector512.Create(shift);
            var sum512 = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var e = ExpNonPositive(Vector512.LoadUnsafe(ref xr, (nuint)i) - s512);
                e.StoreUnsafe(ref xr, (nuint)i);
                sum512 += e;
            }

            total = Vector512.Sum(sum512);
        }

        var vs = Vector256.Create(shift);
        var sum = Vector256<float>.Zero;
        for (; i + 8 <= n; i += 8)
        {
            var e = ExpNonPositive(Vector256.LoadUnsafe(ref xr, (nuint)i) - vs);
            e.StoreUnsafe(ref xr, (nuint)i);
            sum += e;
        }

        total += Vector256.Sum(sum);
        for (; i < n; i++)
        {
            var e = MathF.Exp(Unsafe.Add(ref xr, i) - shift);
            Unsafe.Add(ref xr, i) = e;
            total += e;
        }

        return total;
    }

    /// <summary>
    /// exp(x) for x &lt;= 0, relative error about 1.2e-7 (measured against float64 over [-87, 0]); 0 below
    /// -87.3 (where float32 would go subnormal). Cody-Waite range reduction to |r| &lt;= ln2/2 and the
    /// degree-5 minimax polynomial of Cephes' expf: about half the instructions of
    /// <see cref="Vector512.Exp(Vector512{float})"/>, which dominates the softmax otherwise.
    /// </summary>
    /// <param name="x">Non-positive arguments.</param>
    /// <returns>exp(x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ExpNonPositive(Vector512<float> x) => ExpNonPositive<Vector512<float>>(x);

    /// <summary>The 256-bit form of <see cref="ExpNonPositive(Vector512{float})"/>.</summary>
    /// <param name="x">Non-positive arguments.</param>
    /// <returns>exp(x).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ExpNonPositive(Vector256<float> x) => ExpNonPositive<Vector256<float>>(x);

    // Both widths in one body, compiled per width (VectorMath.Lanes.cs).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector ExpNonPositive<TVector>(TVector x)
        where TVector : struct
    {
        var tiny = LessThan(x, Create<TVector>(MinExponent));
        x = Max(x, Create<TVector>(MinExponent));
        var n = Round(Multiply(x, Create<TVector>(Log2E)));
        var r = MultiplyAdd(n, Create<TVector>(-Ln2High), x);
        r = MultiplyAdd(n, Create<TVector>(Ln2Low), r);
        var p = Create<TVector>(ExpC5);
        p = MultiplyAdd(p, r, Create<TVector>(ExpC4));
        p = MultiplyAdd(p, r, Create<TVector>(ExpC3));
        p = MultiplyAdd(p, r, Create<TVector>(ExpC2));
        p = MultiplyAdd(p, r, Create<TVector>(ExpC1));
        p = MultiplyAdd(p, r, Create<TVector>(ExpC0));
        p = MultiplyAdd(p, Multiply(r, r), Add(r, Create<TVector>(1f)));
        return AndNot(Multiply(p, PowerOfTwo(n)), tiny);
    }
}
