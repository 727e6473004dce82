using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <summary>
/// Single-threaded, cache-blocked float32 matrix product <c>C (+)= A B</c> for one block of rows; callers
/// parallelise over row blocks. A is row-major with a stride; B is packed in panels of
/// <see cref="PanelWidth"/> columns, each panel holding its rows contiguously (16 floats per row), so
/// the micro-kernels stream B with unit stride while broadcasting A.
/// </summary>
/// <remarks>
/// K is blocked by <see cref="BlockK"/> so one or two panels' slice (16-32 KB) stays in L1 while the
/// row tiles of A (a block of up to a hundred rows) stay in L2. Columns of C beyond <c>n</c> are never
/// written, even when the last panel is partial.
/// </remarks>
internal static unsafe partial class Gemm
{
    /// <summary>Columns per packed panel of B.</summary>
    public const int PanelWidth = 16;

    /// <summary>K rows multiplied per pass over a C tile.</summary>
    public const int BlockK = 256;

    private const int PartialRows = 48;

    /// <summary>Whether the 512-bit kernel runs in hardware.</summary>
    public static bool Vector512Available => Vector512.IsHardwareAccelerated;

    /// <summary>Resolves <see cref="GemmKernel.Auto"/> to the kernel that will run.</summary>
    /// <param name="kernel">Requested kernel.</param>
    /// <returns>A concrete kernel.</returns>
    public static GemmKernel Resolve(GemmKernel kernel) => kernel switch
    {
        GemmKernel.Auto => Vector512Available ? GemmKernel.Vector512 : GemmKernel.Vector256,
        _ => kernel,
    };

    /// <summary>Computes <c>C[m, n] (+)= A[m, k] B[k, n]</c>.</summary>
    /// <param name="a">A, row-major.</param>
    /// <param name="lda">Row stride of A in floats.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="b">Row 0 of panel 0 of B.</param>
    /// <param name="panelStride">Floats from one panel's row 0 to the next panel's row 0.</param>
    /// <param name="n">Columns of C; panels cover <c>ceil(n / 16)</c> x 16 columns.</param>
    /// <param name="c">C, row-major.</param>
    /// <param name="ldc">Row stride of C in floats.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="kernel">Micro-kernel choice.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* a, int lda, int m, int k, float* b, long panelStride, int n, float* c, int ldc, bool accumulate, GemmKernel kernel)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (var i = 0; i < m; i++)
                {
                    new Span<float>(c + ((long)i * ldc), n).Clear();
                }
            }

            return;
        }

        var wide = Resolve(kernel) == GemmKernel.Vector512;
        var fullPanels = n / PanelWidth;
        var partial = n % PanelWidth;
        for (var k0 = 0; k0 < k; k0 += BlockK)
        {
            var kc = Math.Min(BlockK, k - k0);
            var add = accumulate || k0 > 0;
            var ak = a + k0;
            var bk = b + ((long)k0 * PanelWidth);
            var p = 0;
            if (wide)
            {
                for (; p + 2 <= fullPanels; p += 2)
                {
                    PanelPair512(ak, lda, m, kc, bk + (p * panelStride), bk + ((p + 1) * panelStride), c + (p * PanelWidth), ldc, add);
                }
            }

            for (; p < fullPanels; p++)
            {
                Panel(ak, lda, m, kc, bk + (p * panelStride), c + (p * PanelWidth), ldc, add, wide);
            }

            if (partial > 0)
            {
                PartialPanel(ak, lda, m, kc, bk + (fullPanels * panelStride), c + (fullPanels * PanelWidth), ldc, partial, add, wide);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panel(float* a, int lda, int m, int kc, float* b, float* c, int ldc, bool add, bool wide)
    {
        var i = 0;
        if (wide)
        {
            for (; i + 12 <= m; i += 12)
            {
                Kernel12<OnePanel>(a + ((long)i * lda), lda, b, null, kc, c + ((long)i * ldc), ldc, add);
            }
        }
        else
        {
            for (; i + 6 <= m; i += 6)
            {
                Kernel6x16(a + ((long)i * lda), lda, b, kc, c + ((long)i * ldc), ldc, add);
            }
        }

        for (; i < m; i++)
        {
            KernelRow(a + ((long)i * lda), b, kc, c + ((long)i * ldc), add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelPair512(float* a, int lda, int m, int kc, float* b0, float* b1, float* c, int ldc, bool add)
    {
        var i = 0;
        for (; i + 12 <= m; i += 12)
        {
            Kernel12<TwoPanels>(a + ((long)i * lda), lda, b0, b1, kc, c + ((long)i * ldc), ldc, add);
        }

        for (; i < m; i++)
        {
            KernelRow(a + ((long)i * lda), b0, kc, c + ((long)i * ldc), add);
            KernelRow(a + ((long)i * lda), b1, kc, c + ((long)i * ldc) + PanelWidth, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PartialPanel(float* a, int lda, int m, int kc, float* b, float* c, int ldc, int columns, bool add, bool wide)
    {
        // The kernels write whole panels; stage the partial one so no column past n is touched.
        var tile = stackalloc float[PartialRows * PanelWidth];
        for (var r0 = 0; r0 < m; r0 += PartialRows)
        {
            var rows = Math.Min(PartialRows, m - r0);
            for (var r = 0; r < rows; r++)
            {
                var row = new Span<float>(tile + (r * PanelWidth), PanelWidth);
                row.Clear();
                if (add)
                {
                    new ReadOnlySpan<float>(c + ((long)(r0 + r) * ldc), columns).CopyTo(row);
                }
            }

            Panel(a + ((long)r0 * lda), lda, rows, kc, b, tile, PanelWidth, add, wide);
            for (var r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(tile + (r * PanelWidth), columns).CopyTo(new Span<float>(c + ((long)(r0 + r) * ldc), columns));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KernelRow(float* a, float* b, int kc, float* c, bool add)
    {
        // Two chains per half-panel hide the FMA latency of a single row.
        var lo0 = add ? Vector256.Load(c) : Vector256<float>.Zero;
        var hi0 = add ? Vector256.Load(c + 8) : Vector256<float>.Zero;
        var lo1 = Vector256<float>.Zero;
        var hi1 = Vector256<float>.Zero;
        var k = 0;
        for (; k + 2 <= kc; k += 2)
        {
            var x0 = Vector256.Create(a[k]);
            var x1 = Vector256.Create(a[k + 1]);
            var p = b + (k * PanelWidth);
            lo0 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(p), lo0);
            hi0 = Vector256.MultiplyAddEstimate(x0, Vector256.Load(p + 8), hi0);
            lo1 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(p + 16), lo1);
            hi1 = Vector256.MultiplyAddEstimate(x1, Vector256.Load(p + 24), hi1);
        }

        if (k < kc)
        {
            var x = Vector256.Create(a[k]);
            var p = b + (k * PanelWidth);
            lo0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(p), lo0);
            hi0 = Vector256.MultiplyAddEstimate(x, Vector256.Load(p + 8), hi0);
        }

        (lo0 + lo1).Store(c);
        (hi0 + hi1).Store(c + 8);
    }
}
