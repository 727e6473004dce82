using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <content>The forward pass: grid, embedding, blocks, pooler.</content>
public sealed unsafe partial class TitanSlideEncoder
{
    /// <summary>Encodes one slide.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x InputDimension</c> CONCH v1.5 tile embeddings.</param>
    /// <param name="count">Number of tiles, at least 1.</param>
    /// <param name="xs">Tile x (left) in level-0 pixels.</param>
    /// <param name="ys">Tile y (top) in level-0 pixels.</param>
    /// <param name="geometry">The slide's tile geometry; TITAN's grid cell is <see cref="SlideTileGeometry.Level0TileSize"/>.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="EmptySlideException">No tiles, or every tile embedding is zero (the grid step leaves no token).</exception>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    public float[] Encode(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, SlideTileGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, InputDimension, xs, ys);
        var tokens = TitanGrid.Build(tileEmbeddings, count, InputDimension, xs, ys, geometry.Level0TileSize);
        if (tokens.Count == 0)
        {
            throw new EmptySlideException($"Every one of the {count} tile embeddings is zero: '{Name}' drops empty grid cells and has no token left.");
        }

        return Forward(tokens, new ParallelOptions());
    }

    private float[] Forward(TitanTokens tokens, ParallelOptions parallel)
    {
        var d = Width;
        var length = tokens.Count + 1;
        var h = PinnedBuffer.Allocate((long)length * d, out var hp);
        var qkvBuffer = PinnedBuffer.Allocate((long)length * 3 * d, out var qkv);
        var attention = PinnedBuffer.Allocate((long)length * d, out var ap);
        _clsToken.AsSpan().CopyTo(h);
        fixed (float* x = tokens.Features)
        {
            var xa = (nint)x;
            var ha = (nint)hp;
            Parallel.For(0, Blocks(tokens.Count), parallel, block =>
            {
                var (r0, rows) = Range(block, tokens.Count);
                var target = (float*)ha + ((long)(r0 + 1) * d);
                _patchEmbed.Apply((float*)xa + ((long)r0 * InputDimension), InputDimension, rows, target, d, false, _kernel);
                Gelu.Apply(new Span<float>(target, rows * d));
            });
        }

        foreach (var layer in _layers)
        {
            Normed(hp, length, layer.Norm1, (a, r0, rows) => layer.Qkv.Apply(a, d, rows, qkv + ((long)r0 * 3 * d), 3 * d, false, _kernel), parallel);
            _attention.Run(qkv, length, tokens.Columns, tokens.Rows, ap, parallel);
            Parallel.For(0, Blocks(length), parallel, block =>
            {
                var (r0, rows) = Range(block, length);
                layer.Proj.Apply(ap + ((long)r0 * d), d, rows, hp + ((long)r0 * d), d, true, _kernel);
            });
            Ffn(hp, length, layer, parallel);
        }

        var result = Pool(hp, length, parallel);
        GC.KeepAlive(h);
        GC.KeepAlive(qkvBuffer);
        GC.KeepAlive(attention);
        return result;
    }

    /// <summary>Runs <paramref name="consume"/> on LayerNorm'd row blocks of h (scratch rows of width W).</summary>
    private void Normed(float* h, int length, NormWeights norm, NormedBlock consume, ParallelOptions parallel)
    {
        var d = Width;
        var ha = (nint)h;
        Parallel.For(0, Blocks(length), parallel, () => new float[RowBlock * d], (block, _, scratch) =>
        {
            var (r0, rows) = Range(block, length);
            fixed (float* a = scratch)
            {
                for (var r = 0; r < rows; r++)
                {
                    LayerNorm.Apply(new ReadOnlySpan<float>((float*)ha + ((long)(r0 + r) * d), d), new Span<float>(a + (r * d), d), norm.Weight, norm.Bias, BlockNormEpsilon);
                }

                consume(a, r0, rows);
            }

            return scratch;
        }, _ => { });
    }

    private void Ffn(float* h, int length, TitanLayerWeights layer, ParallelOptions parallel)
    {
        var d = Width;
        var f = layer.Fc1.OutFeatures;
        var ha = (nint)h;
        Parallel.For(0, Blocks(length), parallel, () => (new float[RowBlock * d], new float[RowBlock * f]), (block, _, scratch) =>
        {
            var (r0, rows) = Range(block, length);
            var hb = (float*)ha + ((long)r0 * d);
            fixed (float* a = scratch.Item1, ffn = scratch.Item2)
            {
                for (var r = 0; r < rows; r++)
                {
                    LayerNorm.Apply(new ReadOnlySpan<float>(hb + (r * d), d), new Span<float>(a + (r * d), d), layer.Norm2.Weight, layer.Norm2.Bias, BlockNormEpsilon);
                }

                layer.Fc1.Apply(a, d, rows, ffn, f, false, _kernel);
                Gelu.Apply(new Span<float>(ffn, rows * f));
                layer.Fc2.Apply(ffn, f, rows, hb, d, true, _kernel);
            }

            return scratch;
        }, _ => { });
    }

    /// <summary>
    /// The single-query pooler over <c>LN_k(norm(x))</c>. Per head, the key projection folds into the query
    /// (<c>u = W_k^T q</c>; its bias adds a constant that softmax cancels) and the value projection moves out of
    /// the sum (<c>Σ p_j (W_v k_j + b_v) = W_v Σ p_j k_j + b_v</c>), so no per-token K or V is stored.
    /// </summary>
    private float[] Pool(float* h, int length, ParallelOptions parallel)
    {
        var d = Width;
        var p = _pooler;
        var heads = p.Heads;
        var dh = d / heads;
        var q = new float[d];
        LayerNorm.Apply(p.Query, q, p.QueryNorm.Weight, p.QueryNorm.Bias, PoolerNormEpsilon);
        var u = new double[heads * d];
        var scale = 1.0 / Math.Sqrt(dh);
        for (var o = 0; o < d; o++)
        {
            var projected = (double)p.InProjBias[o];
            var row = p.InProjWeight.AsSpan(o * d, d);
            for (var k = 0; k < d; k++)
            {
                projected += row[k] * (double)q[k];
            }

            // Row o of the q projection belongs to head o / dh; its key row is d + o.
            var keyRow = p.InProjWeight.AsSpan((d + o) * d, d);
            var target = u.AsSpan((o / dh) * d, d);
            for (var k = 0; k < d; k++)
            {
                target[k] += projected * keyRow[k] * scale;
            }
        }

        var blocks = Blocks(length);
        var maxima = new double[blocks * heads];
        var sums = new double[blocks * heads];
        var partial = new double[(long)blocks * heads * d];
        var ha = (nint)h;
        Parallel.For(0, blocks, parallel, block =>
        {
            var (r0, rows) = Range(block, length);
            var normed = new float[d];
            var keys = new float[rows * d];
            for (var r = 0; r < rows; r++)
            {
                LayerNorm.Apply(new ReadOnlySpan<float>((float*)ha + ((long)(r0 + r) * d), d), normed, _norm.Weight, _norm.Bias, BlockNormEpsilon);
                LayerNorm.Apply(normed, keys.AsSpan(r * d, d), p.KeyNorm.Weight, p.KeyNorm.Bias, PoolerNormEpsilon);
            }

            var scores = new double[rows];
            for (var c = 0; c < heads; c++)
            {
                var uc = u.AsSpan(c * d, d);
                var max = double.NegativeInfinity;
                for (var r = 0; r < rows; r++)
                {
                    var key = keys.AsSpan(r * d, d);
                    var s = 0.0;
                    for (var k = 0; k < d; k++)
                    {
                        s += uc[k] * key[k];
                    }

                    scores[r] = s;
                    max = Math.Max(max, s);
                }

                var sum = 0.0;
                var acc = partial.AsSpan(((block * heads) + c) * d, d);
                for (var r = 0; r < rows; r++)
                {
                    var w = Math.Exp(scores[r] - max);
                    sum += w;
                    var key = keys.AsSpan(r * d, d);
                    for (var k = 0; k < d; k++)
                    {
                        acc[k] += w * key[k];
                    }
                }

                maxima[(block * heads) + c] = max;
                sums[(block * heads) + c] = sum;
            }
        });

        var pooled = BlockSoftmax.Merge(maxima, sums, partial, blocks, heads, d);
        var attended = new double[d];
        for (var o = 0; o < d; o++)
        {
            // Head o / dh's value row o applied to that head's softmax-weighted mean of the keys.
            var valueRow = p.InProjWeight.AsSpan(((2 * d) + o) * d, d);
            var head = pooled.AsSpan((o / dh) * d, d);
            var s = (double)p.InProjBias[(2 * d) + o];
            for (var k = 0; k < d; k++)
            {
                s += valueRow[k] * head[k];
            }

            attended[o] = s;
        }

        var output = new float[d];
        for (var o = 0; o < d; o++)
        {
            var s = (double)p.OutProjBias[o];
            var row = p.OutProjWeight.AsSpan(o * d, d);
            for (var k = 0; k < d; k++)
            {
                s += row[k] * attended[k];
            }

            output[o] = (float)s;
        }

        return output;
    }

    private static int Blocks(int rows) => (rows + RowBlock - 1) / RowBlock;

    private static (int Start, int Rows) Range(int block, int total) => (block * RowBlock, Math.Min(RowBlock, total - (block * RowBlock)));

    /// <summary>Consumes a block of normalised rows.</summary>
    private delegate void NormedBlock(float* normed, int start, int rows);
}
