using System.Runtime.CompilerServices;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <content>One (segment, head) of one branch: gather, blocked online-softmax attention, merge.</content>
internal sealed unsafe partial class DilatedAttention
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SegmentHead(float* qkv, int length, DilatedBranch branch, int segment, int head, Workspace workspace, float* output, MergeState state)
    {
        var real = branch.RealKeys(segment, head, length);
        if (real == 0)
        {
            return;
        }

        var phantoms = branch.Keys - real;
        var start = branch.Start(segment, head);
        var ratio = branch.Ratio;
        var dh = _headDim;
        var dhp = _paddedHeadDim;
        var keysPadded = (real + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;

        long qSize = (long)real * dh;
        long kSize = (long)keysPadded * dh;
        long vSize = (long)keysPadded * dhp;
        const int scoreSize = QueryBlock * KeyBlock;
        var accSize = QueryBlock * dhp;
        var q = workspace.Rent(checked((int)(qSize + kSize + vSize + scoreSize + accSize + (2 * QueryBlock))));
        var kt = q + qSize;
        var v = kt + kSize;
        var scores = v + vSize;
        var acc = scores + scoreSize;
        var rowMax = acc + accSize;
        var rowSum = rowMax + QueryBlock;

        Gather(qkv, start, ratio, real, head, q, kt, v, keysPadded);

        var vPanelStride = (long)keysPadded * Gemm.PanelWidth;
        for (var q0 = 0; q0 < real; q0 += QueryBlock)
        {
            var rows = Math.Min(QueryBlock, real - q0);
            for (var r = 0; r < rows; r++)
            {
                // Phantom keys score exactly 0: they start the running max at 0 and the sum at their count.
                rowMax[r] = phantoms > 0 ? 0f : float.NegativeInfinity;
                rowSum[r] = phantoms;
            }

            new Span<float>(acc, rows * dhp).Clear();
            for (var k0 = 0; k0 < real; k0 += KeyBlock)
            {
                var kc = Math.Min(KeyBlock, real - k0);
                var kcPadded = (kc + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;
                Gemm.Multiply(q + ((long)q0 * dh), dh, rows, dh, kt + ((long)k0 * dh), dh * Gemm.PanelWidth, kcPadded, scores, KeyBlock, false, _kernel);
                for (var r = 0; r < rows; r++)
                {
                    var z = new Span<float>(scores + (r * KeyBlock), kc);
                    var newMax = Math.Max(rowMax[r], VectorMath.Max(z));
                    var alpha = MathF.Exp(rowMax[r] - newMax);
                    var sum = VectorMath.ExpShiftedSum(z, newMax);
                    rowSum[r] = (rowSum[r] * alpha) + sum;
                    rowMax[r] = newMax;
                    if (alpha != 1f)
                    {
                        VectorMath.Scale(new Span<float>(acc + (r * dhp), dhp), alpha);
                    }
                }

                Gemm.Multiply(scores, KeyBlock, rows, kc, v + ((long)k0 * Gemm.PanelWidth), vPanelStride, dhp, acc, dhp, true, _kernel);
            }

            Merge(output, state, start, ratio, q0, rows, head, acc, rowMax, rowSum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gather(float* qkv, long start, int ratio, int real, int head, float* q, float* kt, float* v, int keysPadded)
    {
        var dh = _headDim;
        var dhp = _paddedHeadDim;
        var width = Width;
        var stride = 3L * width;
        new Span<float>(kt, keysPadded * dh).Clear();
        new Span<float>(v, keysPadded * dhp).Clear();
        var vPanelStride = (long)keysPadded * Gemm.PanelWidth;
        for (var u = 0; u < real; u++)
        {
            var row = qkv + ((start + ((long)ratio * u)) * stride) + (head * dh);
            var qRow = q + ((long)u * dh);
            for (var d = 0; d < dh; d++)
            {
                qRow[d] = row[d] * _scale;
            }

            // K^T in panels of 16 keys: [dh][16]; V in panels of 16 head dims: [keys][16].
            var kPanel = kt + ((long)(u / Gemm.PanelWidth) * dh * Gemm.PanelWidth) + (u % Gemm.PanelWidth);
            var kRow = row + width;
            for (var d = 0; d < dh; d++)
            {
                kPanel[d * Gemm.PanelWidth] = kRow[d];
            }

            var vRow = row + (2 * width);
            for (var d = 0; d < dh; d++)
            {
                v[((d / Gemm.PanelWidth) * vPanelStride) + ((long)u * Gemm.PanelWidth) + (d % Gemm.PanelWidth)] = vRow[d];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Merge(float* output, MergeState state, long start, int ratio, int q0, int rows, int head, float* acc, float* rowMax, float* rowSum)
    {
        for (var r = 0; r < rows; r++)
        {
            var t = start + ((long)ratio * (q0 + r));
            var lse = rowMax[r] + Math.Log(rowSum[r]);
            if (lse == 0)
            {
                // The original marks LSE == 0 as "not covered".
                lse = -1e8;
            }

            var index = (t * _heads) + head;
            double previous = state.Max[index];
            var max = Math.Max(previous, lse);
            var keep = Math.Exp(previous - max);
            var weight = Math.Exp(lse - max);
            var outRow = new Span<float>(output + (t * Width) + (head * _headDim), _headDim);
            VectorMath.ScaleAdd(outRow, (float)keep, new ReadOnlySpan<float>(acc + (r * _paddedHeadDim), _headDim), (float)(weight / rowSum[r]));
            state.Sum[index] = (float)((state.Sum[index] * keep) + weight);
            state.Max[index] = (float)max;
        }
    }
}
