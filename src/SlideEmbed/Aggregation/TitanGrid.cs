namespace SlideEmbed.Aggregation;

/// <summary>
/// TITAN's <c>preprocess_features</c>: cell = <c>floor((xy - min xy) / patch_size_lv0)</c> per axis, features
/// of tiles in one cell SUMMED, cells whose sum is all zero dropped, tokens in row-major order of
/// (x cell, y cell). Floor rather than round, so off-grid or overlapping tiles collapse into cells exactly
/// as the original does.
/// </summary>
internal static class TitanGrid
{
    /// <summary>Builds the tokens.</summary>
    /// <param name="features">Row-major <c>count x dimension</c> tile features.</param>
    /// <param name="count">Number of tiles, at least 1.</param>
    /// <param name="dimension">Feature width.</param>
    /// <param name="xs">Tile x in level-0 pixels.</param>
    /// <param name="ys">Tile y in level-0 pixels.</param>
    /// <param name="patchSize">TITAN's <c>patch_size_lv0</c>: the tile edge in level-0 pixels.</param>
    /// <returns>The non-empty cells; <see cref="TitanTokens.Count"/> is 0 when every feature row is zero.</returns>
    public static TitanTokens Build(ReadOnlySpan<float> features, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, long patchSize)
    {
        var minX = long.MaxValue;
        var minY = long.MaxValue;
        for (var i = 0; i < count; i++)
        {
            minX = Math.Min(minX, xs[i]);
            minY = Math.Min(minY, ys[i]);
        }

        var cx = new long[count];
        var cy = new long[count];
        for (var i = 0; i < count; i++)
        {
            cx[i] = (xs[i] - minX) / patchSize;
            cy[i] = (ys[i] - minY) / patchSize;
            if (cx[i] > int.MaxValue || cy[i] > int.MaxValue)
            {
                throw new ArgumentException($"Tile {i} at level-0 ({xs[i]}, {ys[i]}) px lies {cx[i]} x {cy[i]} cells of {patchSize} px from the slide's first tile; the coordinates or the tile size are wrong.", nameof(xs));
            }
        }

        // Tiles sorted by (x cell, y cell): the original's row-major order over an H (x) by W (y) grid.
        var order = Enumerable.Range(0, count).ToArray();
        Array.Sort(order, (a, b) => cx[a] != cx[b] ? cx[a].CompareTo(cx[b]) : cy[a] != cy[b] ? cy[a].CompareTo(cy[b]) : a.CompareTo(b));

        var tokens = new List<float>();
        var columns = new List<int>();
        var rows = new List<int>();
        var sum = new double[dimension];
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && cx[order[end]] == cx[order[start]] && cy[order[end]] == cy[order[start]])
            {
                end++;
            }

            Array.Clear(sum);
            for (var t = start; t < end; t++)
            {
                var row = features.Slice(order[t] * dimension, dimension);
                for (var k = 0; k < dimension; k++)
                {
                    sum[k] += row[k];
                }
            }

            if (Array.Exists(sum, v => v != 0))
            {
                foreach (var v in sum)
                {
                    tokens.Add((float)v);
                }

                columns.Add((int)cx[order[start]]);
                rows.Add((int)cy[order[start]]);
            }

            start = end;
        }

        return new TitanTokens([.. tokens], columns.Count, [.. columns], [.. rows]);
    }
}
