using System.Collections.Concurrent;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <content>The forward pass: embedding, layers, pooling.</content>
public sealed unsafe partial class LongNetSlideEncoder
{
    /// <summary>Rows per parallel work item in row-wise phases (a multiple of both micro-kernel heights).</summary>
    private const int RowBlock = 96;

    private ForwardResult Forward(ReadOnlySpan<float> features, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, MicronsPerPixel? slideMpp, int layers, bool final, AttentionProbe? probe)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, features, count, InputDimension, xs, ys);
        if (count > MaxTiles)
        {
            throw new NotSupportedException($"'{Name}' takes at most {MaxTiles} tiles per slide; this slide has {count}. Beyond that the original dilated attention misplaces outputs (a segment spans several dilation groups).");
        }

        var cells = GridCells(xs, ys, slideMpp);
        var d = Architecture.Width;
        var length = count + 1;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism };
        var scratch = new ConcurrentBag<RowScratch>();
        var h = PinnedBuffer.Allocate((long)length * d, out var hp);
        var qkvBuffer = PinnedBuffer.Allocate((long)length * 3 * d, out var qkv);
        var attention = PinnedBuffer.Allocate((long)length * d, out var ap);

        var layersCls = new float[layers + 1][];
        var layersMean = new float[layers + 1][];
        fixed (float* x = features)
        {
            Embed(x, count, cells, hp, parallel);
        }

        (layersCls[0], layersMean[0]) = Pool(h, length, null, parallel);
        for (var l = 0; l < layers; l++)
        {
            var layer = _weights.Layers[l];
            AttentionInputs(layer, hp, qkv, length, parallel, scratch);
            _attention.Run(qkv, length, ap, parallel);
            probe?.Invoke(l, attention.AsSpan(0, length * d));
            Residuals(layer, ap, hp, length, parallel, scratch);
            (layersCls[l + 1], layersMean[l + 1]) = Pool(h, length, null, parallel);
        }

        float[]? cls = null;
        float[]? mean = null;
        if (final)
        {
            (cls, mean) = Pool(h, length, _weights.EncoderNorm, parallel);
        }

        // The buffers are only reached through raw pointers above.
        GC.KeepAlive(h);
        GC.KeepAlive(qkvBuffer);
        GC.KeepAlive(attention);
        return new ForwardResult(cls, mean, layersCls, layersMean);
    }

    private (int[] Columns, int[] Rows) GridCells(ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, MicronsPerPixel? slideMpp)
    {
        double sx = 1, sy = 1;
        if (Options.CoordinateMpp is { } frame)
        {
            if (slideMpp is not { } mpp)
            {
                throw new ArgumentException($"'{Name}' places tiles on a grid at {frame} um/px: the slide's resolution is required.", nameof(slideMpp));
            }

            sx = mpp.X / frame.X;
            sy = mpp.Y / frame.Y;
        }

        var tile = Options.TileSize;
        var grid = Options.GridSize;
        var columns = new int[xs.Length];
        var rows = new int[xs.Length];
        for (var n = 0; n < xs.Length; n++)
        {
            var x = sx == 1 ? xs[n] : (long)Math.Floor(xs[n] * sx);
            var y = sy == 1 ? ys[n] : (long)Math.Floor(ys[n] * sy);
            var i = x >= 0 ? x / tile : -1;
            var j = y >= 0 ? y / tile : -1;
            if (i < 0 || j < 0 || i >= grid || j >= grid)
            {
                throw new ArgumentException(
                    $"Tile {n} at level-0 ({xs[n]}, {ys[n]}) px maps to position-grid cell ({i}, {j}), outside the {grid} x {grid} grid of {tile}-px cells of '{Name}': coordinates must lie in [0, {(long)grid * tile}) px{(sx == 1 ? string.Empty : " after rescaling to " + Options.CoordinateMpp + " um/px")}. The original model would index outside its position table.",
                    nameof(xs));
            }

            columns[n] = (int)i;
            rows[n] = (int)j;
        }

        return (columns, rows);
    }

    private void Embed(float* x, int count, (int[] Columns, int[] Rows) cells, float* h, ParallelOptions parallel)
    {
        var d = Architecture.Width;
        var input = InputDimension;
        _weights.ClsToken.AsSpan().CopyTo(new Span<float>(h, d));
        var xa = (nint)x;
        var ha = (nint)h;
        Parallel.For(0, (count + RowBlock - 1) / RowBlock, parallel, block =>
        {
            var n0 = block * RowBlock;
            var rows = Math.Min(RowBlock, count - n0);
            var target = (float*)ha + ((long)(n0 + 1) * d);
            _weights.Projection.Apply((float*)xa + ((long)n0 * input), input, rows, target, d, false, _kernel);
            for (var r = 0; r < rows; r++)
            {
                _positions.AddTo(new Span<float>(target + ((long)r * d), d), cells.Columns[n0 + r], cells.Rows[n0 + r]);
            }
        });
    }

    private void AttentionInputs(LongNetLayerWeights layer, float* h, float* qkv, int length, ParallelOptions parallel, ConcurrentBag<RowScratch> pool)
    {
        var d = Architecture.Width;
        var eps = (float)Options.LayerNormEpsilon;
        var ha = (nint)h;
        var qa = (nint)qkv;
        Parallel.For(
            0,
            (length + RowBlock - 1) / RowBlock,
            parallel,
            () => pool.TryTake(out var s) ? s : new RowScratch(d, Architecture.FfnDimension),
            (block, _, scratch) =>
            {
                var r0 = block * RowBlock;
                var rows = Math.Min(RowBlock, length - r0);
                var a = scratch.A;
                for (var r = 0; r < rows; r++)
                {
                    LayerNorm.Apply(Row((float*)ha, r0 + r, d), new Span<float>(a + (r * d), d), layer.AttentionNorm.Weight, layer.AttentionNorm.Bias, eps);
                }

                layer.Qkv.Apply(a, d, rows, (float*)qa + ((long)r0 * 3 * d), 3 * d, false, _kernel);
                return scratch;
            },
            pool.Add);
    }

    private void Residuals(LongNetLayerWeights layer, float* attention, float* h, int length, ParallelOptions parallel, ConcurrentBag<RowScratch> pool)
    {
        var d = Architecture.Width;
        var f = Architecture.FfnDimension;
        var eps = (float)Options.LayerNormEpsilon;
        var ha = (nint)h;
        var aa = (nint)attention;
        Parallel.For(
            0,
            (length + RowBlock - 1) / RowBlock,
            parallel,
            () => pool.TryTake(out var s) ? s : new RowScratch(d, f),
            (block, _, scratch) =>
            {
                var r0 = block * RowBlock;
                var rows = Math.Min(RowBlock, length - r0);
                var a = scratch.A;
                var ffn = scratch.F;
                var hb = (float*)ha + ((long)r0 * d);
                for (var r = 0; r < rows; r++)
                {
                    LayerNorm.Apply(Row((float*)aa, r0 + r, d), new Span<float>(a + (r * d), d), layer.InnerAttentionNorm.Weight, layer.InnerAttentionNorm.Bias, eps);
                }

                layer.Out.Apply(a, d, rows, hb, d, true, _kernel);
                for (var r = 0; r < rows; r++)
                {
                    LayerNorm.Apply(new ReadOnlySpan<float>(hb + (r * d), d), new Span<float>(a + (r * d), d), layer.FinalNorm.Weight, layer.FinalNorm.Bias, eps);
                }

                layer.Fc1.Apply(a, d, rows, ffn, f, false, _kernel);
                for (var r = 0; r < rows; r++)
                {
                    var row = new Span<float>(ffn + ((long)r * f), f);
                    Gelu.Apply(row);
                    LayerNorm.Apply(row, row, layer.FfnNorm.Weight, layer.FfnNorm.Bias, eps);
                }

                layer.Fc2.Apply(ffn, f, rows, hb, d, true, _kernel);
                return scratch;
            },
            pool.Add);
    }

    /// <summary>norm(h[0]) and norm(mean(h[1:])), each row first through <paramref name="rowNorm"/> when given.</summary>
    private (float[] Cls, float[] Mean) Pool(float[] h, int length, NormWeights? rowNorm, ParallelOptions parallel)
    {
        var d = Architecture.Width;
        var blocks = (length + RowBlock - 1) / RowBlock;
        var partial = new double[blocks * d];
        var cls = new float[d];
        var rowEps = (float)Options.LayerNormEpsilon;
        Parallel.For(0, blocks, parallel, block =>
        {
            var row = rowNorm is null ? null : new float[d];
            var sums = partial.AsSpan(block * d, d);
            var end = Math.Min(length, (block + 1) * RowBlock);
            for (var t = block * RowBlock; t < end; t++)
            {
                ReadOnlySpan<float> values = h.AsSpan(t * d, d);
                if (row is not null)
                {
                    LayerNorm.Apply(values, row, rowNorm!.Weight, rowNorm.Bias, rowEps);
                    values = row;
                }

                if (t == 0)
                {
                    values.CopyTo(cls);
                    continue;
                }

                for (var k = 0; k < d; k++)
                {
                    sums[k] += values[k];
                }
            }
        });

        // Blocks are summed in order so the result does not depend on thread timing.
        var mean = new double[d];
        for (var b = 0; b < blocks; b++)
        {
            for (var k = 0; k < d; k++)
            {
                mean[k] += partial[(b * d) + k];
            }
        }

        var clsDouble = new double[d];
        for (var k = 0; k < d; k++)
        {
            mean[k] /= length - 1;
            clsDouble[k] = cls[k];
        }

        var norm = _weights.Norm;
        return (LayerNorm.ApplyDouble(clsDouble, norm.Weight, norm.Bias, Options.NormEpsilon), LayerNorm.ApplyDouble(mean, norm.Weight, norm.Bias, Options.NormEpsilon));
    }

    private static ReadOnlySpan<float> Row(float* matrix, int row, int width) => new(matrix + ((long)row * width), width);

    private sealed record ForwardResult(float[]? Cls, float[]? Mean, float[][] LayersCls, float[][] LayersMean);

    /// <summary>Per-worker row scratch: normalised rows (RowBlock x D) and FFN activations (RowBlock x F).</summary>
    private sealed class RowScratch
    {
        // Held so the pinned arrays live as long as the pointers.
        private readonly float[] _a;
        private readonly float[] _f;

        public RowScratch(int width, int ffn)
        {
            _a = PinnedBuffer.Allocate((long)RowBlock * width, out var a);
            _f = PinnedBuffer.Allocate((long)RowBlock * ffn, out var f);
            A = a;
            F = f;
        }

        public float* A { get; }

        public float* F { get; }
    }
}
