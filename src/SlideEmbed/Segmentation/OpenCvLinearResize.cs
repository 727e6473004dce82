namespace SlideEmbed.Segmentation;

/// <summary>
/// <c>cv2.resize(src, (w, h), interpolation=INTER_LINEAR)</c> on interleaved 8-bit RGB, byte for byte
/// as OpenCV 4.6 computes it, so a segmenter that reads its patches from the slide sees what upstream
/// (TRIDENT's WSIPatcher) feeds the network.
/// </summary>
/// <remarks>
/// OpenCV's rules, restated: per output column <c>fx = (float)((dx + 0.5) * scale - 0.5)</c> with
/// <c>scale = 1 / ((double)dst / src)</c>, <c>sx = floor(fx)</c>, <c>fx -= sx</c>; a column left of the
/// first pixel or at or past the last takes that pixel alone (<c>fx = 0</c>). Rows use the same
/// coordinate but keep their weights and clamp only the row index. Weights are
/// <c>round((1 - f) * 2048)</c> and <c>round(f * 2048)</c> (INTER_RESIZE_COEF_BITS = 11, halves to
/// even). The horizontal pass is exact in integers; the vertical pass is OpenCV's vector kernel,
/// <c>((((s0 &gt;&gt; 4) * b0) &gt;&gt; 16) + (((s1 &gt;&gt; 4) * b1) &gt;&gt; 16) + 2) &gt;&gt; 2</c>
/// saturated to a byte, which the goldens show it applies to every element (tests/goldens/cvresize).
/// Always two taps, also when shrinking by more than 2x (no antialiasing). Thread-safe; allocates
/// only per-call coefficient tables and one row pair.
/// </remarks>
public static class OpenCvLinearResize
{
    private const int CoefficientScale = 2048;

    /// <summary>Resizes an interleaved RGB image.</summary>
    /// <param name="source">Source pixels, <c>sourceWidth * sourceHeight * 3</c> bytes, rows without padding.</param>
    /// <param name="sourceWidth">Source width, &gt;= 1.</param>
    /// <param name="sourceHeight">Source height, &gt;= 1.</param>
    /// <param name="destination">Receives <c>width * height * 3</c> bytes.</param>
    /// <param name="width">Output width, &gt;= 1.</param>
    /// <param name="height">Output height, &gt;= 1.</param>
    public static void Resize(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, Span<byte> destination, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, sourceWidth * sourceHeight * 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, width * height * 3);
        if (width == sourceWidth && height == sourceHeight)
        {
            source[..(width * height * 3)].CopyTo(destination);
            return;
        }

        var (xs, xw0, xw1) = Coefficients(sourceWidth, width, clampColumns: true);
        var (ys, yw0, yw1) = Coefficients(sourceHeight, height, clampColumns: false);
        var rowLength = width * 3;
        var upper = new int[rowLength];
        var lower = new int[rowLength];
        int upperRow = -1, lowerRow = -1;
        for (var dy = 0; dy < height; dy++)
        {
            var r0 = Math.Clamp(ys[dy], 0, sourceHeight - 1);
            var r1 = Math.Clamp(ys[dy] + 1, 0, sourceHeight - 1);
            if (r0 != upperRow)
            {
                if (r0 == lowerRow)
                {
                    (upper, lower) = (lower, upper);
                    (upperRow, lowerRow) = (lowerRow, upperRow);
                }
                else
                {
                    Horizontal(source, sourceWidth, r0, xs, xw0, xw1, upper);
                    upperRow = r0;
                }
            }

            if (r1 != lowerRow)
            {
                Horizontal(source, sourceWidth, r1, xs, xw0, xw1, lower);
                lowerRow = r1;
            }

            int b0 = yw0[dy], b1 = yw1[dy];
            var row = destination.Slice(dy * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                // OpenCV's v_mul_hi on 16-bit lanes: (a * b) >> 16, arithmetic.
                var sum = (((upper[i] >> 4) * b0) >> 16) + (((lower[i] >> 4) * b1) >> 16);
                row[i] = (byte)Math.Clamp((sum + 2) >> 2, 0, 255);
            }
        }
    }

    private static void Horizontal(ReadOnlySpan<byte> source, int sourceWidth, int y, int[] xs, short[] w0, short[] w1, int[] row)
    {
        var line = source.Slice(y * sourceWidth * 3, sourceWidth * 3);
        for (var dx = 0; dx < xs.Length; dx++)
        {
            var s0 = xs[dx] * 3;
            var s1 = Math.Min(xs[dx] + 1, sourceWidth - 1) * 3;
            int a0 = w0[dx], a1 = w1[dx];
            for (var c = 0; c < 3; c++)
            {
                row[(dx * 3) + c] = (line[s0 + c] * a0) + (line[s1 + c] * a1);
            }
        }
    }

    private static (int[] Offsets, short[] W0, short[] W1) Coefficients(int source, int destination, bool clampColumns)
    {
        var offsets = new int[destination];
        var w0 = new short[destination];
        var w1 = new short[destination];
        var scale = 1.0 / ((double)destination / source);
        for (var d = 0; d < destination; d++)
        {
            var f = (float)(((d + 0.5) * scale) - 0.5);
            var s = (int)MathF.Floor(f);
            f -= s;
            if (clampColumns && s < 0)
            {
                (f, s) = (0f, 0);
            }

            if (clampColumns && s >= source - 1)
            {
                (f, s) = (0f, source - 1);
            }

            offsets[d] = s;
            w0[d] = (short)MathF.Round((1f - f) * CoefficientScale);
            w1[d] = (short)MathF.Round(f * CoefficientScale);
        }

        return (offsets, w0, w1);
    }
}
