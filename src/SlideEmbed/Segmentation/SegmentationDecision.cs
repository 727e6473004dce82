namespace SlideEmbed.Segmentation;

/// <summary>Turns a patch's class scores into per-pixel foreground decisions and margins.</summary>
public static class SegmentationDecision
{
    /// <summary>Decides every pixel of one patch.</summary>
    /// <param name="manifest">Class map, output kind and rule.</param>
    /// <param name="scores">The patch's <c>[classes, size, size]</c> scores.</param>
    /// <param name="foreground">Receives 1 for tissue, 0 otherwise, per pixel.</param>
    /// <param name="margin">Receives the distance from the boundary, per pixel: <c>|p_fg - threshold|</c> for <see cref="SegmenterRule.ForegroundProbabilityAbove"/>, the gap between the best foreground and the best other class probability for argmax.</param>
    public static void Decide(SegmenterManifest manifest, ReadOnlySpan<float> scores, Span<byte> foreground, Span<float> margin)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var classes = manifest.Classes.Count;
        var pixels = foreground.Length;
        if (scores.Length != classes * pixels || margin.Length != pixels)
        {
            throw new ArgumentException($"Expected {classes} x {pixels} scores, got {scores.Length}.", nameof(scores));
        }

        var isForeground = new bool[classes];
        foreach (var c in manifest.Foreground)
        {
            isForeground[c] = true;
        }

        Span<double> p = stackalloc double[classes];
        for (var i = 0; i < pixels; i++)
        {
            Probabilities(manifest.OutputKind, scores, i, pixels, p);
            double fg = 0, bestFg = double.NegativeInfinity, bestOther = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                if (isForeground[c])
                {
                    fg += p[c];
                    bestFg = Math.Max(bestFg, p[c]);
                }
                else
                {
                    bestOther = Math.Max(bestOther, p[c]);
                }
            }

            var (yes, distance) = manifest.Rule == SegmenterRule.Argmax
                ? (bestFg > bestOther, Math.Abs(bestFg - bestOther))
                : (fg > manifest.Threshold, Math.Abs(fg - manifest.Threshold));
            foreground[i] = yes ? (byte)1 : (byte)0;
            margin[i] = (float)distance;
        }
    }

    private static void Probabilities(SegmenterOutputKind kind, ReadOnlySpan<float> scores, int pixel, int pixels, Span<double> p)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = scores[(c * pixels) + pixel];
            max = Math.Max(max, p[c]);
        }

        if (kind == SegmenterOutputKind.Probabilities)
        {
            return;
        }

        double sum = 0;
        for (var c = 0; c < p.Length; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            sum += p[c];
        }

        for (var c = 0; c < p.Length; c++)
        {
            p[c] /= sum;
        }
    }
}
