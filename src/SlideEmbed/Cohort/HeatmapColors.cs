using SlideEmbed.Imaging;

namespace SlideEmbed.Cohort;

/// <summary>
/// Colours of heatmap tiles: PCA scores as RGB, tokens from a fixed palette, and scalar scores on a
/// perceptually ordered ramp. A tile without a value (unread) gets no colour (null).
/// </summary>
public static class HeatmapColors
{
    // Twenty well-separated hues, darker and lighter alternating, so neighbouring token ids differ.
    private static readonly RgbColor[] s_palette =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
        new(174, 199, 232), new(255, 187, 120), new(152, 223, 138), new(255, 152, 150), new(197, 176, 213),
        new(196, 156, 148), new(247, 182, 210), new(199, 199, 199), new(219, 219, 141), new(158, 218, 229),
    ];

    // Anchors of the viridis ramp at 0, 0.25, 0.5, 0.75 and 1.
    private static readonly RgbColor[] s_ramp =
    [
        new(68, 1, 84), new(59, 82, 139), new(33, 145, 140), new(94, 201, 98), new(253, 231, 37),
    ];

    /// <summary>The colour of a token: the 20-colour palette for tokens 0-19, then hues spaced by the golden angle.</summary>
    /// <param name="token">Token index, 0 or more.</param>
    /// <returns>Its colour.</returns>
    public static RgbColor Token(int token)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        if (token < s_palette.Length)
        {
            return s_palette[token];
        }

        var hue = (token * 137.50776) % 360;
        return FromHsv(hue, 0.65, 0.85);
    }

    /// <summary>The ramp colour of a value in [0, 1] (clamped): dark violet at 0, yellow at 1.</summary>
    /// <param name="t">The value.</param>
    /// <returns>Its colour.</returns>
    public static RgbColor Ramp(double t)
    {
        t = Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1) * (s_ramp.Length - 1);
        var i = Math.Min((int)t, s_ramp.Length - 2);
        var f = t - i;
        var a = s_ramp[i];
        var b = s_ramp[i + 1];
        return new RgbColor(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
    }

    /// <summary>
    /// Colours from the first three PCA scores of each tile: component c is scaled linearly from its
    /// minimum over the tiles (0) to its maximum (255) and becomes channel c (R, G, B).
    /// </summary>
    /// <param name="scores"><c>n x components</c> PCA scores; NaN rows get no colour.</param>
    /// <param name="components">Scores per row (missing channels are 0).</param>
    /// <returns>n colours.</returns>
    public static RgbColor?[] FromPca(ReadOnlySpan<float> scores, int components)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        var n = scores.Length / components;
        var used = Math.Min(components, 3);
        var min = new double[used];
        var max = new double[used];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < used; c++)
            {
                var v = scores[(i * components) + c];
                if (!float.IsNaN(v))
                {
                    min[c] = Math.Min(min[c], v);
                    max[c] = Math.Max(max[c], v);
                }
            }
        }

        var colors = new RgbColor?[n];
        Span<byte> channel = stackalloc byte[3];
        for (var i = 0; i < n; i++)
        {
            if (float.IsNaN(scores[i * components]))
            {
                continue;
            }

            channel.Clear();
            for (var c = 0; c < used; c++)
            {
                var range = max[c] - min[c];
                channel[c] = range > 0 ? Scale((scores[(i * components) + c] - min[c]) / range) : (byte)128;
            }

            colors[i] = new RgbColor(channel[0], channel[1], channel[2]);
        }

        return colors;
    }

    /// <summary>Colours of tokens (-1, an unread tile, gets none).</summary>
    /// <param name="tokens">Token per tile.</param>
    /// <returns>n colours.</returns>
    public static RgbColor?[] FromTokens(ReadOnlySpan<int> tokens)
    {
        var colors = new RgbColor?[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            colors[i] = tokens[i] >= 0 ? Token(tokens[i]) : null;
        }

        return colors;
    }

    /// <summary>Colours of scalar scores on the ramp, scaled from their minimum (0) to their maximum (1); NaN gets none.</summary>
    /// <param name="values">Score per tile.</param>
    /// <returns>n colours.</returns>
    public static RgbColor?[] FromScores(ReadOnlySpan<double> values)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var colors = new RgbColor?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                colors[i] = Ramp(max > min ? (values[i] - min) / (max - min) : 0.5);
            }
        }

        return colors;
    }

    private static byte Scale(double t) => (byte)Math.Round(Math.Clamp(t, 0, 1) * 255, MidpointRounding.AwayFromZero);

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f), MidpointRounding.AwayFromZero);

    private static RgbColor FromHsv(double hue, double saturation, double value)
    {
        var c = value * saturation;
        var x = c * (1 - Math.Abs((hue / 60 % 2) - 1));
        var m = value - c;
        var (r, g, b) = (int)(hue / 60) switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return new RgbColor(Scale(r + m), Scale(g + m), Scale(b + m));
    }
}
