using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>Brute-force references for mask tests: random masks, flood-fill labelling, polygon rasterisation.</summary>
internal static class MaskReference
{
    private static readonly (int Dx, int Dy)[] s_four = [(1, 0), (-1, 0), (0, 1), (0, -1)];
    private static readonly (int Dx, int Dy)[] s_eight = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)];

    public static BinaryMask Random(int width, int height, double density, int seed)
    {
        var random = new Random(seed);
        var mask = new BinaryMask(width, height);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            mask.Data[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        }

        return mask;
    }

    public static BinaryMask Parse(params string[] rows)
    {
        var mask = new BinaryMask(rows[0].Length, rows.Length);
        for (var y = 0; y < rows.Length; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                mask[x, y] = rows[y][x] == '#';
            }
        }

        return mask;
    }

    /// <summary>Labels pixels equal to <paramref name="foreground"/> by flood fill; -1 elsewhere.</summary>
    public static (int[] Labels, int Count) Label(BinaryMask mask, bool foreground, bool eightConnected)
    {
        int w = mask.Width, h = mask.Height;
        var labels = new int[w * h];
        Array.Fill(labels, -1);
        var count = 0;
        var queue = new Queue<(int X, int Y)>();
        var steps = eightConnected ? s_eight : s_four;
        for (var start = 0; start < labels.Length; start++)
        {
            if (labels[start] >= 0 || (mask.Data[start] != 0) != foreground)
            {
                continue;
            }

            labels[start] = count;
            queue.Enqueue((start % w, start / w));
            while (queue.Count > 0)
            {
                var (x, y) = queue.Dequeue();
                foreach (var (dx, dy) in steps)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                    {
                        continue;
                    }

                    var n = (ny * w) + nx;
                    if (labels[n] < 0 && (mask.Data[n] != 0) == foreground)
                    {
                        labels[n] = count;
                        queue.Enqueue((nx, ny));
                    }
                }
            }

            count++;
        }

        return (labels, count);
    }

    /// <summary>Labels of 4-connected background components that touch the image border.</summary>
    public static HashSet<int> BorderLabels(int[] labels, int width, int height)
    {
        var border = new HashSet<int>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if ((x == 0 || y == 0 || x == width - 1 || y == height - 1) && labels[(y * width) + x] >= 0)
                {
                    border.Add(labels[(y * width) + x]);
                }
            }
        }

        return border;
    }

    /// <summary>
    /// Rasterises regions by the even-odd rule at pixel centres, with a scanline over every ring edge
    /// (independent of the tracer: works for any polygon edges).
    /// </summary>
    public static BinaryMask Rasterize(IReadOnlyList<TissueRegion> regions, int width, int height)
    {
        var mask = new BinaryMask(width, height);
        var crossings = new List<double>();
        foreach (var region in regions)
        {
            var rings = new List<Ring> { region.Outer };
            rings.AddRange(region.Holes);
            for (var y = 0; y < height; y++)
            {
                var cy = y + 0.5;
                crossings.Clear();
                foreach (var ring in rings)
                {
                    var points = ring.Points;
                    for (int i = 0, j = points.Count - 1; i < points.Count; j = i++)
                    {
                        var (x1, y1) = points[j];
                        var (x2, y2) = points[i];
                        if ((y1 > cy) != (y2 > cy))
                        {
                            crossings.Add(x1 + ((cy - y1) * (x2 - x1) / (y2 - y1)));
                        }
                    }
                }

                crossings.Sort();
                for (var k = 0; k + 1 < crossings.Count; k += 2)
                {
                    for (var x = Math.Max(0, (int)Math.Ceiling(crossings[k] - 0.5)); x < width && x + 0.5 < crossings[k + 1]; x++)
                    {
                        mask.Data[(y * width) + x] = 1;
                    }
                }
            }
        }

        return mask;
    }

    public static double IoU(BinaryMask a, BinaryMask b)
    {
        long intersection = 0, union = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            bool p = a.Data[i] != 0, q = b.Data[i] != 0;
            intersection += p && q ? 1 : 0;
            union += p || q ? 1 : 0;
        }

        return union == 0 ? 1 : (double)intersection / union;
    }
}
