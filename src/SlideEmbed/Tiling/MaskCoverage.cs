using SlideEmbed.Tissue;

namespace SlideEmbed.Tiling;

/// <summary>
/// Exact area of a mask covered inside any axis-aligned rectangle, through a summed-area table;
/// rectangle edges may fall inside mask pixels (each pixel is a unit square, partly counted).
/// </summary>
public sealed class MaskCoverage
{
    private readonly long[] _integral;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Builds the summed-area table of a mask.</summary>
    /// <param name="mask">The mask.</param>
    public MaskCoverage(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        _width = mask.Width;
        _height = mask.Height;
        var stride = _width + 1;
        _integral = new long[stride * (_height + 1)];
        for (var y = 0; y < _height; y++)
        {
            long rowSum = 0;
            for (var x = 0; x < _width; x++)
            {
                rowSum += mask.Data[(y * _width) + x] != 0 ? 1 : 0;
                _integral[((y + 1) * stride) + x + 1] = _integral[(y * stride) + x + 1] + rowSum;
            }
        }
    }

    /// <summary>Fraction of the rectangle [x0, x1) x [y0, y1) (mask pixel units) covered by foreground; area outside the mask counts as background.</summary>
    /// <param name="x0">Left.</param>
    /// <param name="y0">Top.</param>
    /// <param name="x1">Right, &gt; x0.</param>
    /// <param name="y1">Bottom, &gt; y0.</param>
    /// <returns>Covered fraction, 0 to 1.</returns>
    public double Fraction(double x0, double y0, double x1, double y1)
    {
        var area = (x1 - x0) * (y1 - y0);
        if (area <= 0)
        {
            return 0;
        }

        double covered = 0;
        foreach (var (ia, ib, wx) in Segments(x0, x1, _width))
        {
            foreach (var (ja, jb, wy) in Segments(y0, y1, _height))
            {
                covered += wx * wy * Sum(ia, ja, ib, jb);
            }
        }

        return Math.Clamp(covered / area, 0, 1);
    }

    private long Sum(int ia, int ja, int ib, int jb)
    {
        var s = _width + 1;
        return _integral[(jb * s) + ib] - _integral[(ja * s) + ib] - _integral[(jb * s) + ia] + _integral[(ja * s) + ia];
    }

    // Splits [a, b) into runs of whole pixels (weight 1) and partial end pixels (weight = overlap),
    // clipped to [0, size).
    private static List<(int Start, int End, double Weight)> Segments(double a, double b, int size)
    {
        var result = new List<(int, int, double)>(3);
        var fa = (int)Math.Floor(a);
        var fb = (int)Math.Floor(b);
        if (fa == fb || (fb == fa + 1 && b == fb))
        {
            Add(result, fa, fa + 1, b - a, size);
            return result;
        }

        var ca = (int)Math.Ceiling(a);
        if (ca > a)
        {
            Add(result, fa, fa + 1, ca - a, size);
        }

        Add(result, ca, fb, 1, size);
        if (b > fb)
        {
            Add(result, fb, fb + 1, b - fb, size);
        }

        return result;
    }

    private static void Add(List<(int, int, double)> list, int start, int end, double weight, int size)
    {
        start = Math.Max(start, 0);
        end = Math.Min(end, size);
        if (end > start && weight > 0)
        {
            list.Add((start, end, weight));
        }
    }
}
