using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <content>
/// Register-tiled micro-kernels: C tile (+)= A rows x one or two B panels over kc. Written out row by row
/// (no arrays of vectors) so the JIT keeps every accumulator in a register: 12 of 16 with 256-bit
/// vectors, 24 of 32 with 512-bit ones.
/// </content>
internal static unsafe partial class Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(float* a, int lda, float* b, int kc, float* c, int ldc, bool add)
    {
        var a0 = a + (0L * lda);
        var a1 = a + (1L * lda);
        var a2 = a + (2L * lda);
        var a3 = a + (3L * lda);
        var a4 = a + (4L * lda);
        var a5 = a + (5L * lda);
        var c0 = c + (0L * ldc);
        var c1 = c + (1L * ldc);
        var c2 = c + (2L * ldc);
        var c3 = c + (3L * ldc);
        var c4 = c + (4L * ldc);
        var c5 = c + (5L * ldc);
        Vector256<float> x00, x01;
        Vector256<float> x10, x11;
        Vector256<float> x20, x21;
        Vector256<float> x30, x31;
        Vector256<float> x40, x41;
        Vector256<float> x50, x51;
        if (add)
        {
            x00 = Vector256.Load(c0);
            x01 = Vector256.Load(c0 + 8);
            x10 = Vector256.Load(c1);
            x11 = Vector256.Load(c1 + 8);
            x20 = Vector256.Load(c2);
            x21 = Vector256.Load(c2 + 8);
            x30 = Vector256.Load(c3);
            x31 = Vector256.Load(c3 + 8);
            x40 = Vector256.Load(c4);
            x41 = Vector256.Load(c4 + 8);
            x50 = Vector256.Load(c5);
            x51 = Vector256.Load(c5 + 8);
        }
        else
        {
            x00 = x01 = Vector256<float>.Zero;
            x10 = x11 = Vector256<float>.Zero;
            x20 = x21 = Vector256<float>.Zero;
            x30 = x31 = Vector256<float>.Zero;
            x40 = x41 = Vector256<float>.Zero;
            x50 = x51 = Vector256<float>.Zero;
        }

        for (var k = 0; k < kc; k++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            b += PanelWidth;
            var s0 = Vector256.Create(a0[k]);
            x00 = Vector256.MultiplyAddEstimate(s0, b0, x00);
            x01 = Vector256.MultiplyAddEstimate(s0, b1, x01);
            var s1 = Vector256.Create(a1[k]);
            x10 = Vector256.MultiplyAddEstimate(s1, b0, x10);
            x11 = Vector256.MultiplyAddEstimate(s1, b1, x11);
            var s2 = Vector256.Create(a2[k]);
            x20 = Vector256.MultiplyAddEstimate(s2, b0, x20);
            x21 = Vector256.MultiplyAddEstimate(s2, b1, x21);
            var s3 = Vector256.Create(a3[k]);
            x30 = Vector256.MultiplyAddEstimate(s3, b0, x30);
            x31 = Vector256.MultiplyAddEstimate(s3, b1, x31);
            var s4 = Vector256.Create(a4[k]);
            x40 = Vector256.MultiplyAddEstimate(s4, b0, x40);
            x41 = Vector256.MultiplyAddEstimate(s4, b1, x41);
            var s5 = Vector256.Create(a5[k]);
            x50 = Vector256.MultiplyAddEstimate(s5, b0, x50);
            x51 = Vector256.MultiplyAddEstimate(s5, b1, x51);
        }

        x00.Store(c0);
        x01.Store(c0 + 8);
        x10.Store(c1);
        x11.Store(c1 + 8);
        x20.Store(c2);
        x21.Store(c2 + 8);
        x30.Store(c3);
        x31.Store(c3 + 8);
        x40.Store(c4);
        x41.Store(c4 + 8);
        x50.Store(c5);
        x51.Store(c5 + 8);
    }

    // The 12-row kernel over one 16-float panel or two side by side: TPanels is a struct, so the JIT compiles
    // each form separately with TPanels.Two as a constant and drops the second panel's accumulators,
    // loads, FMAs and stores from the one-panel form.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel12<TPanels>(float* a, int lda, float* b0, float* b1, int kc, float* c, int ldc, bool add)
        where TPanels : struct, IPanelCount
    {
        var a0 = a + (0L * lda);
        var a1 = a + (1L * lda);
        var a2 = a + (2L * lda);
        var a3 = a + (3L * lda);
        var a4 = a + (4L * lda);
        var a5 = a + (5L * lda);
        var a6 = a + (6L * lda);
        var a7 = a + (7L * lda);
        var a8 = a + (8L * lda);
        var a9 = a + (9L * lda);
        var a10 = a + (10L * lda);
        var a11 = a + (11L * lda);
        var c0 = c + (0L * ldc);
        var c1 = c + (1L * ldc);
        var c2 = c + (2L * ldc);
        var c3 = c + (3L * ldc);
        var c4 = c + (4L * ldc);
        var c5 = c + (5L * ldc);
        var c6 = c + (6L * ldc);
        var c7 = c + (7L * ldc);
        var c8 = c + (8L * ldc);
        var c9 = c + (9L * ldc);
        var c10 = c + (10L * ldc);
        var c11 = c + (11L * ldc);
        Vector512<float> x00 = default, x01 = default;
        Vector512<float> x10 = default, x11 = default;
        Vector512<float> x20 = default, x21 = default;
        Vector512<float> x30 = default, x31 = default;
        Vector512<float> x40 = default, x41 = default;
        Vector512<float> x50 = default, x51 = default;
        Vector512<float> x60 = default, x61 = default;
        Vector512<float> x70 = default, x71 = default;
        Vector512<float> x80 = default, x81 = default;
        Vector512<float> x90 = default, x91 = default;
        Vector512<float> x100 = default, x101 = default;
        Vector512<float> x110 = default, x111 = default;
        if (add)
        {
            x00 = Vector512.Load(c0);
            x10 = Vector512.Load(c1);
            x20 = Vector512.Load(c2);
            x30 = Vector512.Load(c3);
            x40 = Vector512.Load(c4);
            x50 = Vector512.Load(c5);
            x60 = Vector512.Load(c6);
            x70 = Vector512.Load(c7);
            x80 = Vector512.Load(c8);
            x90 = Vector512.Load(c9);
            x100 = Vector512.Load(c10);
            x110 = Vector512.Load(c11);
            if (TPanels.Two)
            {
                x01 = Vector512.Load(c0 + PanelWidth);
                x11 = Vector512.Load(c1 + PanelWidth);
                x21 = Vector512.Load(c2 + PanelWidth);
                x31 = Vector512.Load(c3 + PanelWidth);
                x41 = Vector512.Load(c4 + PanelWidth);
                x51 = Vector512.Load(c5 + PanelWidth);
                x61 = Vector512.Load(c6 + PanelWidth);
                x71 = Vector512.Load(c7 + PanelWidth);
                x81 = Vector512.Load(c8 + PanelWidth);
                x91 = Vector512.Load(c9 + PanelWidth);
                x101 = Vector512.Load(c10 + PanelWidth);
                x111 = Vector512.Load(c11 + PanelWidth);
            }
        }

        for (var k = 0; k < kc; k++)
        {
            var p0 = Vector512.Load(b0 + (k * PanelWidth));
            var p1 = TPanels.Two ? Vector512.Load(b1 + (k * PanelWidth)) : default;
            var s0 = Vector512.Create(a0[k]);
            x00 = Vector512.MultiplyAddEstimate(s0, p0, x00);
            x01 = TPanels.Two ? Vector512.MultiplyAddEstimate(s0, p1, x01) : x01;
            var s1 = Vector512.Create(a1[k]);
            x10 = Vector512.MultiplyAddEstimate(s1, p0, x10);
            x11 = TPanels.Two ? Vector512.MultiplyAddEstimate(s1, p1, x11) : x11;
            var s2 = Vector512.Create(a2[k]);
            x20 = Vector512.MultiplyAddEstimate(s2, p0, x20);
            x21 = TPanels.Two ? Vector512.MultiplyAddEstimate(s2, p1, x21) : x21;
            var s3 = Vector512.Create(a3[k]);
            x30 = Vector512.MultiplyAddEstimate(s3, p0, x30);
            x31 = TPanels.Two ? Vector512.MultiplyAddEstimate(s3, p1, x31) : x31;
            var s4 = Vector512.Create(a4[k]);
            x40 = Vector512.MultiplyAddEstimate(s4, p0, x40);
            x41 = TPanels.Two ? Vector512.MultiplyAddEstimate(s4, p1, x41) : x41;
            var s5 = Vector512.Create(a5[k]);
            x50 = Vector512.MultiplyAddEstimate(s5, p0, x50);
            x51 = TPanels.Two ? Vector512.MultiplyAddEstimate(s5, p1, x51) : x51;
            var s6 = Vector512.Create(a6[k]);
            x60 = Vector512.MultiplyAddEstimate(s6, p0, x60);
            x61 = TPanels.Two ? Vector512.MultiplyAddEstimate(s6, p1, x61) : x61;
            var s7 = Vector512.Create(a7[k]);
            x70 = Vector512.MultiplyAddEstimate(s7, p0, x70);
            x71 = TPanels.Two ? Vector512.MultiplyAddEstimate(s7, p1, x71) : x71;
            var s8 = Vector512.Create(a8[k]);
            x80 = Vector512.MultiplyAddEstimate(s8, p0, x80);
            x81 = TPanels.Two ? Vector512.MultiplyAddEstimate(s8, p1, x81) : x81;
            var s9 = Vector512.Create(a9[k]);
            x90 = Vector512.MultiplyAddEstimate(s9, p0, x90);
            x91 = TPanels.Two ? Vector512.MultiplyAddEstimate(s9, p1, x91) : x91;
            var s10 = Vector512.Create(a10[k]);
            x100 = Vector512.MultiplyAddEstimate(s10, p0, x100);
            x101 = TPanels.Two ? Vector512.MultiplyAddEstimate(s10, p1, x101) : x101;
            var s11 = Vector512.Create(a11[k]);
            x110 = Vector512.MultiplyAddEstimate(s11, p0, x110);
            x111 = TPanels.Two ? Vector512.MultiplyAddEstimate(s11, p1, x111) : x111;
        }

        x00.Store(c0);
        x10.Store(c1);
        x20.Store(c2);
        x30.Store(c3);
        x40.Store(c4);
        x50.Store(c5);
        x60.Store(c6);
        x70.Store(c7);
        x80.Store(c8);
        x90.Store(c9);
        x100.Store(c10);
        x110.Store(c11);
        if (TPanels.Two)
        {
            x01.Store(c0 + PanelWidth);
            x11.Store(c1 + PanelWidth);
            x21.Store(c2 + PanelWidth);
            x31.Store(c3 + PanelWidth);
            x41.Store(c4 + PanelWidth);
            x51.Store(c5 + PanelWidth);
            x61.Store(c6 + PanelWidth);
            x71.Store(c7 + PanelWidth);
            x81.Store(c8 + PanelWidth);
            x91.Store(c9 + PanelWidth);
            x101.Store(c10 + PanelWidth);
            x111.Store(c11 + PanelWidth);
        }
    }
}
