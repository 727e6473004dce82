namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// The integer coordinate recipe <c>cells-v1</c> of <c>tools/slide_encoders_reference.py</c> (its docstring
/// defines it), so the large goldens store only a checksum instead of every tile's position: cells drawn
/// with replacement from a box 1.3 times wider than high (holes and duplicates), an offset origin, an exact
/// duplicate in row 1, off-grid rows 2 and 3, and off-grid tiles every 97 rows from row 4.
/// </summary>
internal static class GoldenCoordinates
{
    public static (long[] Xs, long[] Ys) CellsV1(ulong seed, int n, long patch)
    {
        var side = Math.Max(2, (long)Math.Ceiling(Math.Sqrt(n * 1.6)));
        var cols = Math.Max(2, (long)(side * 1.3));
        var key = SplitMixGenerator.Key(seed, "input.cells");
        var xs = new long[n];
        var ys = new long[n];
        for (var k = 0; k < n; k++)
        {
            var cell = (long)(SplitMixGenerator.Bits24(key, k) % (ulong)(side * cols));
            xs[k] = (cell % cols * patch) + (3 * patch) + 137;
            ys[k] = (cell / cols * patch) + (11 * patch) + 5;
        }

        if (n >= 4)
        {
            xs[1] = xs[0];
            ys[1] = ys[0];
            xs[2] += patch / 3;
            ys[2] += patch - 1;
            xs[3] -= patch / 5;
            ys[3] += 7;
        }

        for (long k = 4; k < n; k += 97)
        {
            xs[k] += 37 * k % patch;
            ys[k] += (53 * k % patch) - (patch / 2);
        }

        return (xs, ys);
    }

    /// <summary>The reference's coordinate checksum: sum of x, sum of y, and sum of i * x_i plus the largest y.</summary>
    public static long[] Checksum(long[] xs, long[] ys)
    {
        long weighted = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            weighted += i * xs[i];
        }

        return [xs.Sum(), ys.Sum(), weighted + ys.Max()];
    }
}
