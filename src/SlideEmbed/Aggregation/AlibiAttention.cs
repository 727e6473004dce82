using System.Numerics;
using System.Runtime.CompilerServices;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>
/// Full self-attention over fused <c>[q | k | v]</c> rows with TITAN's 2-D ALiBi bias computed on the fly:
/// <c>bias(h, i, j) = -slope_h · ‖p_i - p_j‖</c> between tile tokens (grid cells), 0 in the row and column of
/// token 0 (the CLS token). Blocked attention with an online softmax; the bias is formed per block from the
/// cell positions, so memory is linear in the number of tokens (no N x N matrix, unlike the reference).
/// </summary>
/// <remarks>Thread-safe: all state lives in the call.</remarks>
internal sealed unsafe class AlibiAttention
{
    /// <summary>Queries per block (a multiple of both micro-kernel heights, 6 and 12).</summary>
    public const int QueryBlock = 48;

    /// <summary>Keys per block (a multiple of the panel width).</summary>
    public const int KeyBlock = 256;

    private readonly int _heads;
    private readonly int _headDim;
    private readonly float[] _slopes;
    private readonly GemmKernel _kernel;
    private readonly float _scale;

    /// <summary>Creates the operator.</summary>
    /// <param name="heads">Heads H.</param>
    /// <param name="headDim">Head width, a multiple of 16.</param>
    /// <param name="kernel">Micro-kernel choice.</param>
    public AlibiAttention(int heads, int headDim, GemmKernel kernel)
    {
        if (headDim % Gemm.PanelWidth != 0)
        {
            throw new ArgumentException($"Head width {headDim} is not a multiple of {Gemm.PanelWidth}.", nameof(headDim));
        }

        _heads = heads;
        _headDim = headDim;
        _kernel = kernel;
        _scale = (float)(1.0 / Math.Sqrt(headDim));
        _slopes = Slopes(heads).Select(s => (float)s).ToArray();
    }

    private int Width => _heads * _headDim;

    /// <summary>ALiBi slopes: for 2^k heads <c>2^(-8i/H)</c>; otherwise those of the nearest lower power of two, then every other slope of twice that.</summary>
    /// <param name="heads">Number of heads.</param>
    /// <returns>One slope per head (12 heads: 2^-1 .. 2^-8, then 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5).</returns>
    public static double[] Slopes(int heads)
    {
        static IEnumerable<double> PowerOfTwo(int n)
        {
            var start = Math.Pow(2, -Math.Pow(2, -(Math.Log2(n) - 3)));
            return Enumerable.Range(0, n).Select(i => start * Math.Pow(start, i));
        }

        if (int.IsPow2(heads))
        {
            return [.. PowerOfTwo(heads)];
        }

        var closest = 1 << BitOperations.Log2((uint)heads);
        return [.. PowerOfTwo(closest), .. PowerOfTwo(2 * closest).Where((_, i) => i % 2 == 0).Take(heads - closest)];
    }

    /// <summary>Runs attention.</summary>
    /// <param name="qkv">Rows of <c>[q | k | v]</c>, <c>length x 3W</c>, heads contiguous within each part.</param>
    /// <param name="length">Tokens L (CLS first).</param>
    /// <param name="columns">x cell of tokens 1..L-1 (index t - 1).</param>
    /// <param name="rows">y cell of tokens 1..L-1 (index t - 1).</param>
    /// <param name="output">Receives <c>length x W</c> attention outputs (before the output projection).</param>
    /// <param name="parallel">Degree of parallelism.</param>
    public void Run(float* qkv, int length, int[] columns, int[] rows, float* output, ParallelOptions parallel)
    {
        var keysPadded = (length + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;
        var dh = _headDim;

        // K^T in panels of 16 keys ([dh][16] each) and V in panels of 16 head dims ([keys][16] each), per head.
        var kt = GC.AllocateUninitializedArray<float>(_heads * keysPadded * dh, pinned: true);
        var v = GC.AllocateUninitializedArray<float>(_heads * keysPadded * dh, pinned: true);
        var px = new float[keysPadded];
        var py = new float[keysPadded];
        for (var t = 1; t < length; t++)
        {
            px[t] = columns[t - 1];
            py[t] = rows[t - 1];
        }

        fixed (float* ktp = kt, vp = v)
        {
            var ka = (nint)ktp;
            var va = (nint)vp;
            var qa = (nint)qkv;
            Parallel.For(0, _heads, parallel, h => Pack((float*)qa, length, keysPadded, h, (float*)ka + ((long)h * keysPadded * dh), (float*)va + ((long)h * keysPadded * dh)));
            var oa = (nint)output;
            Parallel.For(0, (length + QueryBlock - 1) / QueryBlock, parallel, block =>
                QueryBlockRun((float*)qa, length, keysPadded, block * QueryBlock, px, py, (float*)ka, (float*)va, (float*)oa));
        }
    }

    private void Pack(float* qkv, int length, int keysPadded, int head, float* kt, float* v)
    {
        var dh = _headDim;
        var stride = 3L * Width;
        new Span<float>(kt, keysPadded * dh).Clear();
        new Span<float>(v, keysPadded * dh).Clear();
        var vPanelStride = (long)keysPadded * Gemm.PanelWidth;
        for (var u = 0; u < length; u++)
        {
            var kRow = qkv + (u * stride) + Width + (head * dh);
            var vRow = kRow + Width;
            var kPanel = kt + ((long)(u / Gemm.PanelWidth) * dh * Gemm.PanelWidth) + (u % Gemm.PanelWidth);
            for (var d = 0; d < dh; d++)
            {
                kPanel[d * Gemm.PanelWidth] = kRow[d];
                v[((d / Gemm.PanelWidth) * vPanelStride) + ((long)u * Gemm.PanelWidth) + (d % Gemm.PanelWidth)] = vRow[d];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void QueryBlockRun(float* qkv, int length, int keysPadded, int q0, float[] px, float[] py, float* kt, float* v, float* output)
    {
        var dh = _headDim;
        var heads = _heads;
        var rows = Math.Min(QueryBlock, length - q0);
        var stride = 3L * Width;
        var q = new float[heads * QueryBlock * dh];
        var acc = new float[heads * QueryBlock * dh];
        var rowMax = new float[heads * QueryBlock];
        var rowSum = new float[heads * QueryBlock];
        var scores = new float[QueryBlock * KeyBlock];
        var distance = new float[QueryBlock * KeyBlock];
        Array.Fill(rowMax, float.NegativeInfinity);
        var vPanelStride = (long)keysPadded * Gemm.PanelWidth;
        fixed (float* qp = q, ap = acc, sp = scores)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = qkv + ((q0 + r) * stride);
                for (var h = 0; h < heads; h++)
                {
                    var target = qp + (((h * QueryBlock) + r) * dh);
                    for (var d = 0; d < dh; d++)
                    {
                        target[d] = row[(h * dh) + d] * _scale;
                    }
                }
            }

            for (var k0 = 0; k0 < length; k0 += KeyBlock)
            {
                var kc = Math.Min(KeyBlock, length - k0);
                var kcPadded = (kc + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;
                Distances(q0, rows, k0, kc, px, py, distance);
                for (var h = 0; h < heads; h++)
                {
                    Gemm.Multiply(qp + (h * QueryBlock * dh), dh, rows, dh, kt + ((long)h * keysPadded * dh) + ((long)k0 * dh), dh * Gemm.PanelWidth, kcPadded, sp, KeyBlock, false, _kernel);
                    var slope = -_slopes[h];
                    for (var r = 0; r < rows; r++)
                    {
                        var z = new Span<float>(sp + (r * KeyBlock), kc);
                        VectorMath.ScaleAdd(z, 1f, distance.AsSpan(r * KeyBlock, kc), slope);
                        var state = (h * QueryBlock) + r;
                        var newMax = Math.Max(rowMax[state], VectorMath.Max(z));
                        var alpha = MathF.Exp(rowMax[state] - newMax);
                        var sum = VectorMath.ExpShiftedSum(z, newMax);
                        rowSum[state] = (rowSum[state] * alpha) + sum;
                        rowMax[state] = newMax;
                        if (alpha != 1f)
                        {
                            VectorMath.Scale(new Span<float>(ap + ((long)state * dh), dh), alpha);
                        }
                    }

                    Gemm.Multiply(sp, KeyBlock, rows, kc, v + ((long)h * keysPadded * dh) + ((long)k0 * Gemm.PanelWidth), vPanelStride, dh, ap + (h * QueryBlock * dh), dh, true, _kernel);
                }
            }

            for (var r = 0; r < rows; r++)
            {
                var outRow = output + ((long)(q0 + r) * Width);
                for (var h = 0; h < heads; h++)
                {
                    var state = (h * QueryBlock) + r;
                    var inv = 1f / rowSum[state];
                    var source = ap + ((long)state * dh);
                    for (var d = 0; d < dh; d++)
                    {
                        outRow[(h * dh) + d] = source[d] * inv;
                    }
                }
            }
        }
    }

    /// <summary>Euclidean cell distances of a (query block, key block) pair; 0 in the CLS token's row and column.</summary>
    private static void Distances(int q0, int rows, int k0, int kc, float[] px, float[] py, float[] distance)
    {
        for (var r = 0; r < rows; r++)
        {
            var i = q0 + r;
            var target = distance.AsSpan(r * KeyBlock, kc);
            if (i == 0)
            {
                target.Clear();
                continue;
            }

            var x = px[i];
            var y = py[i];
            for (var c = 0; c < kc; c++)
            {
                var dx = px[k0 + c] - x;
                var dy = py[k0 + c] - y;
                target[c] = MathF.Sqrt((dx * dx) + (dy * dy));
            }

            if (k0 == 0)
            {
                target[0] = 0;
            }
        }
    }
}
