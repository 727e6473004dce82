using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Tests.Aggregation.Kernels;

/// <summary>The blocked GEMM at sizes around the vector widths, register tiles and K blocks, for both kernels.</summary>
public sealed unsafe class GemmTests
{
    public static TheoryData<int, int, int, int> Sizes()
    {
        var data = new TheoryData<int, int, int, int>();
        var sizes = new (int M, int N, int K)[]
        {
            (1, 1, 1), (1, 16, 1), (5, 7, 3), (6, 16, 8), (7, 17, 9), (11, 31, 15), (12, 32, 16), (13, 33, 17),
            (24, 48, 48), (25, 64, 255), (12, 15, 256), (37, 80, 257), (96, 96, 513), (2, 3, 600),
        };
        foreach (var bits in new[] { 256, 512 })
        {
            foreach (var (m, n, k) in sizes)
            {
                data.Add(bits, m, n, k);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Multiply_RandomMatrices_MatchesFloat64(int bits, int m, int n, int k)
    {
        Assert.SkipWhen(bits == 512 && !Gemm.Vector512Available, "No accelerated 512-bit vectors on this CPU.");
        var kernel = bits == 512 ? GemmKernel.Vector512 : GemmKernel.Vector256;
        var random = new Random((m * 1000) + (n * 10) + k);
        var lda = k + 3;
        var ldc = n + 5;
        var a = Random(random, m * lda);
        var w = Random(random, n * k);
        var bias = new float[n];
        var linear = new PackedLinear(w, bias, n, k);
        foreach (var accumulate in new[] { false, true })
        {
            var c = Random(random, m * ldc);
            var before = c.ToArray();
            fixed (float* pa = a, pc = c)
            {
                linear.Apply(pa, lda, m, pc, ldc, accumulate, kernel);
            }

            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < ldc; j++)
                {
                    if (j >= n)
                    {
                        Assert.Equal(before[(i * ldc) + j], c[(i * ldc) + j]);
                        continue;
                    }

                    double expected = accumulate ? before[(i * ldc) + j] : 0;
                    for (var p = 0; p < k; p++)
                    {
                        expected += (double)a[(i * lda) + p] * w[(j * k) + p];
                    }

                    Assert.True(Math.Abs(expected - c[(i * ldc) + j]) <= 1e-5 * Math.Sqrt(k + 1), $"C[{i},{j}] = {c[(i * ldc) + j]}, expected {expected} (m {m}, n {n}, k {k}, {kernel}, accumulate {accumulate})");
                }
            }
        }
    }

    [Fact]
    public void Apply_Bias_AddedToEveryRow()
    {
        var linear = new PackedLinear([1f, 0f, 0f, 1f, 1f, 1f], [10f, 20f, 30f], 3, 2);
        var x = new float[] { 1f, 2f, 3f, 4f };
        var y = new float[6];
        fixed (float* px = x, py = y)
        {
            linear.Apply(px, 2, 2, py, 3, false, GemmKernel.Auto);
        }

        Assert.Equal([11f, 22f, 33f, 13f, 24f, 37f], y);
    }

    private static float[] Random(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
