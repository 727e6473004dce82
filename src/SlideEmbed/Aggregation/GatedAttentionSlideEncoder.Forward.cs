using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <content>The forward pass: embedding, scoring and a blocked softmax pooling.</content>
public sealed unsafe partial class GatedAttentionSlideEncoder
{
    /// <summary>Per-head softmax-weighted sums over all tiles, float64, head-major.</summary>
    private double[] Pool(ReadOnlySpan<float> features, int count)
    {
        var heads = _heads.Length;
        var headWidth = EmbeddedDimension / heads;
        var poolWidth = Variant == GatedAttentionVariant.Chief ? InputDimension : headWidth;
        var blocks = (count + RowBlock - 1) / RowBlock;
        var maxima = new double[blocks * heads];
        var sums = new double[blocks * heads];
        var partial = new double[(long)blocks * heads * poolWidth];
        fixed (float* x = features)
        {
            var xa = (nint)x;
            Parallel.For(0, blocks, block =>
            {
                var n0 = block * RowBlock;
                var rows = Math.Min(RowBlock, count - n0);
                PoolBlock((float*)xa + ((long)n0 * InputDimension), rows, headWidth, poolWidth, maxima.AsSpan(block * heads, heads), sums.AsSpan(block * heads, heads), partial.AsSpan(block * heads * poolWidth, heads * poolWidth));
            });
        }

        return BlockSoftmax.Merge(maxima, sums, partial, blocks, heads, poolWidth);
    }

    private void PoolBlock(float* x, int rows, int headWidth, int poolWidth, Span<double> maxima, Span<double> sums, Span<double> partial)
    {
        // Embedding layers, ping-ponging between two buffers.
        var widest = _preLayers.Max(l => l.Linear.OutFeatures);
        var ping = new float[rows * widest];
        var pong = new float[rows * widest];
        var hidden = _heads.Max(h => h.HiddenWidth);
        var a = new float[rows * hidden];
        var b = new float[rows * hidden];
        var gathered = _heads.Length > 1 ? new float[rows * headWidth] : null;
        Span<float> scores = stackalloc float[rows];
        fixed (float* p0 = ping, p1 = pong, ap = a, bp = b, gp = gathered)
        {
            var source = x;
            var width = InputDimension;
            var target = p0;
            foreach (var layer in _preLayers)
            {
                var outWidth = layer.Linear.OutFeatures;
                layer.Linear.Apply(source, width, rows, target, outWidth, false, _kernel);
                for (var r = 0; r < rows; r++)
                {
                    var row = new Span<float>(target + ((long)r * outWidth), outWidth);
                    if (layer.Norm is { } norm)
                    {
                        LayerNorm.Apply(row, row, norm.Weight, norm.Bias, LayerNormEpsilon);
                    }

                    if (layer.Gelu)
                    {
                        Gelu.Apply(row);
                    }
                    else
                    {
                        for (var k = 0; k < row.Length; k++)
                        {
                            row[k] = Math.Max(row[k], 0f);
                        }
                    }
                }

                source = target;
                width = outWidth;
                target = target == p0 ? p1 : p0;
            }

            var heads = _heads.Length;
            for (var c = 0; c < heads; c++)
            {
                // Head c of H sees channels c, c + H, c + 2H, ... (einops '(e c) -> e c').
                var headInput = source;
                var ld = width;
                if (heads > 1)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        var from = source + ((long)r * width);
                        var to = gp + ((long)r * headWidth);
                        for (var e = 0; e < headWidth; e++)
                        {
                            to[e] = from[(e * heads) + c];
                        }
                    }

                    headInput = gp;
                    ld = headWidth;
                }

                _heads[c].Score(headInput, ld, rows, ap, bp, scores, _kernel);
                var pooledSource = Variant == GatedAttentionVariant.Chief ? x : headInput;
                var pooledStride = Variant == GatedAttentionVariant.Chief ? InputDimension : ld;
                var max = double.NegativeInfinity;
                for (var r = 0; r < rows; r++)
                {
                    max = Math.Max(max, scores[r]);
                }

                var sum = 0.0;
                var acc = partial.Slice(c * poolWidth, poolWidth);
                for (var r = 0; r < rows; r++)
                {
                    var weight = Math.Exp(scores[r] - max);
                    sum += weight;
                    var row = pooledSource + ((long)r * pooledStride);
                    for (var k = 0; k < poolWidth; k++)
                    {
                        acc[k] += weight * row[k];
                    }
                }

                maxima[c] = max;
                sums[c] = sum;
            }
        }
    }

    /// <summary>Flattens the heads' pooled vectors channel-major (e x H + c) and applies the projector, if any.</summary>
    private float[] Project(double[] pooled)
    {
        var heads = _heads.Length;
        var poolWidth = pooled.Length / heads;
        if (_projectorWeight is null || _projectorBias is null)
        {
            return Array.ConvertAll(pooled, v => (float)v);
        }

        var flat = new double[pooled.Length];
        for (var c = 0; c < heads; c++)
        {
            for (var e = 0; e < poolWidth; e++)
            {
                flat[(e * heads) + c] = pooled[(c * poolWidth) + e];
            }
        }

        var output = new float[_projectorBias.Length];
        for (var o = 0; o < output.Length; o++)
        {
            var sum = (double)_projectorBias[o];
            var row = _projectorWeight.AsSpan(o * flat.Length, flat.Length);
            for (var k = 0; k < flat.Length; k++)
            {
                sum += row[k] * flat[k];
            }

            output[o] = (float)sum;
        }

        return output;
    }
}
