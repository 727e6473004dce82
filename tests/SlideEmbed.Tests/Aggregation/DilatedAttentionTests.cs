using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// The blocked online-softmax dilated attention against a literal float64 transcription of LONGNET.md
/// (phantom keys as zero rows, head offset h div G, merge by softmax over the branch LSEs).
/// </summary>
public sealed unsafe class DilatedAttentionTests
{
    public static TheoryData<int, int, int[], int[], int> Configurations()
    {
        var data = new TheoryData<int, int, int[], int[], int>();
        foreach (var length in new[] { 1, 2, 3, 5, 8, 9, 16, 17, 33, 50 })
        {
            data.Add(4, 8, [4, 6, 8, 16], [1, 2, 4, 8], length);
        }

        foreach (var length in new[] { 7, 23, 40 })
        {
            data.Add(3, 20, [5, 10], [1, 2], length);
        }

        data.Add(2, 48, [150, 300], [1, 2], 400);
        data.Add(16, 4, [64, 128, 256, 512], [1, 2, 4, 16], 300);
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Run_RandomInputs_MatchesLiteralFloat64Reference(int heads, int headDim, int[] segments, int[] ratios, int length)
    {
        var width = heads * headDim;
        var random = new Random(length + (heads * 100));
        var qkv = new float[length * 3 * width];
        for (var i = 0; i < qkv.Length; i++)
        {
            qkv[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var expected = Reference(qkv, length, heads, headDim, segments, ratios);
        foreach (var kernel in new[] { GemmKernel.Vector256, GemmKernel.Auto })
        {
            var output = new float[length * width];
            var attention = new DilatedAttention(heads, headDim, segments, ratios, kernel);
            fixed (float* q = qkv, o = output)
            {
                attention.Run(q, length, o, new ParallelOptions());
            }

            for (var i = 0; i < output.Length; i++)
            {
                Assert.True(Math.Abs(output[i] - expected[i]) <= 2e-5, $"token {i / width}, head {i % width / headDim}: {output[i]} vs {expected[i]} ({kernel}, L {length})");
            }
        }
    }

    [Fact]
    public void Branches_ReleasedConfig_MatchTheSpecification()
    {
        var attention = new DilatedAttention(16, 48, [1024, 5792, 32768, 185363, 1048576], [1, 2, 4, 8, 16], GemmKernel.Auto);

        var b = attention.Branches(6001);

        Assert.Equal(new DilatedBranch(1024, 1, 6, 1024, 16), b[0]);
        Assert.Equal(new DilatedBranch(5792, 2, 2, 2896, 8), b[1]);
        Assert.Equal(new DilatedBranch(6001, 4, 1, 1501, 4), b[2]);
        Assert.Equal(new DilatedBranch(6001, 16, 1, 376, 1), b[4]);
        Assert.Equal(185363, attention.MaxFaithfulLength());
        Assert.Equal(5 + 1, b[4].Start(0, 5) + 1);
        Assert.Equal(375, b[4].RealKeys(0, 15, 6001));
        Assert.Equal(376, b[4].RealKeys(0, 0, 6001));
    }

    private static double[] Reference(float[] qkv, int length, int heads, int dh, int[] segments, int[] ratios)
    {
        var width = heads * dh;
        var scale = 1 / Math.Sqrt(dh);
        var outs = new List<double[]>();
        var lses = new List<double[]>();
        for (var b = 0; b < segments.Length; b++)
        {
            var s = Math.Min(segments[b], length);
            var r = ratios[b];
            var nseg = (length + s - 1) / s;
            var m = (s + r - 1) / r;
            var g = (heads + r - 1) / r;
            var o = new double[length * width];
            var lse = Enumerable.Repeat(-1e8, length * heads).ToArray();
            for (var seg = 0; seg < nseg; seg++)
            {
                for (var h = 0; h < heads; h++)
                {
                    var positions = Enumerable.Range(0, m).Select(u => (seg * s) + (h / g) + (r * u)).ToArray();
                    foreach (var qi in positions.Where(p => p < length))
                    {
                        var z = new double[m];
                        for (var u = 0; u < m; u++)
                        {
                            var kp = positions[u];
                            if (kp < length)
                            {
                                for (var d = 0; d < dh; d++)
                                {
                                    z[u] += (double)qkv[(qi * 3 * width) + (h * dh) + d] * qkv[(kp * 3 * width) + width + (h * dh) + d];
                                }
                            }

                            z[u] *= scale;
                        }

                        var max = z.Max();
                        var sum = z.Sum(v => Math.Exp(v - max));
                        var l = max + Math.Log(sum);
                        lse[(qi * heads) + h] = l == 0 ? -1e8 : l;
                        for (var u = 0; u < m; u++)
                        {
                            var kp = positions[u];
                            if (kp >= length)
                            {
                                continue;
                            }

                            var p = Math.Exp(z[u] - max) / sum;
                            for (var d = 0; d < dh; d++)
                            {
                                o[(qi * width) + (h * dh) + d] += p * qkv[(kp * 3 * width) + (2 * width) + (h * dh) + d];
                            }
                        }
                    }
                }
            }

            outs.Add(o);
            lses.Add(lse);
        }

        var result = new double[length * width];
        for (var t = 0; t < length; t++)
        {
            for (var h = 0; h < heads; h++)
            {
                var max = lses.Max(l => l[(t * heads) + h]);
                var weights = lses.Select(l => Math.Exp(l[(t * heads) + h] - max)).ToArray();
                var total = weights.Sum();
                for (var b = 0; b < outs.Count; b++)
                {
                    for (var d = 0; d < dh; d++)
                    {
                        result[(t * width) + (h * dh) + d] += weights[b] / total * outs[b][(t * width) + (h * dh) + d];
                    }
                }
            }
        }

        return result;
    }
}
