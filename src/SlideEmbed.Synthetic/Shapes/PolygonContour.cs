using SlideEmbed.Synthetic.Rendering;

namespace SlideEmbed.Synthetic.Shapes;

/// <summary>
/// A closed polygon in level-0 pixel coordinates, decided by the even-odd rule (a point is inside
/// when a ray from it crosses the boundary an odd number of times), so self-intersecting rings are
/// allowed. The first vertex is not repeated at the end.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PolygonContour : Contour
{
    private readonly double[] _xs;
    private readonly double[] _ys;

    /// <summary>Creates a polygon from its vertices in order (either winding).</summary>
    /// <param name="points">At least three vertices, level-0 pixels, all finite.</param>
    /// <exception cref="ArgumentException">Fewer than three vertices, or a coordinate is not finite.</exception>
    public PolygonContour(IEnumerable<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points.ToArray();
        if (list.Length < 3)
        {
            throw new ArgumentException($"A polygon needs at least three vertices; got {list.Length}.", nameof(points));
        }

        _xs = new double[list.Length];
        _ys = new double[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            var (x, y) = list[i];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                throw new ArgumentException($"Vertex {i} ({x}, {y}) is not finite.", nameof(points));
            }

            _xs[i] = x;
            _ys[i] = y;
        }

        Points = Array.AsReadOnly(list);
        Bounds = new ContourBounds(_xs.Min(), _ys.Min(), _xs.Max(), _ys.Max());
        double sum = 0;
        for (int i = 0, j = list.Length - 1; i < list.Length; j = i++)
        {
            sum += (_xs[j] * _ys[i]) - (_xs[i] * _ys[j]);
        }

        Area = Math.Abs(sum) / 2;
    }

    /// <summary>The vertices in order, level-0 pixels.</summary>
    public IReadOnlyList<(double X, double Y)> Points { get; }

    /// <inheritdoc />
    public override ContourBounds Bounds { get; }

    /// <inheritdoc />
    public override double Area { get; }

    /// <summary>A regular polygon approximating a circle or ellipse, e.g. for irregular blobs built by perturbing it.</summary>
    /// <param name="centerX">Centre x, level-0 pixels.</param>
    /// <param name="centerY">Centre y, level-0 pixels.</param>
    /// <param name="radii">Radius of each vertex in turn, level-0 pixels; vertex k sits at angle 2πk/n.</param>
    /// <returns>The polygon.</returns>
    public static PolygonContour Radial(double centerX, double centerY, IReadOnlyList<double> radii)
    {
        ArgumentNullException.ThrowIfNull(radii);
        var n = radii.Count;
        return new PolygonContour(Enumerable.Range(0, n).Select(k =>
        {
            var angle = 2 * Math.PI * k / n;
            return (centerX + (radii[k] * Math.Cos(angle)), centerY + (radii[k] * Math.Sin(angle)));
        }));
    }

    /// <inheritdoc />
    public override bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = _xs.Length - 1; i < _xs.Length; j = i++)
        {
            if (Crossing(i, j, y, out var xc) && x < xc)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    internal override void AppendRuns(double y, in SampleRow row, List<PixelRun> runs, List<double> scratch)
    {
        if (y < Bounds.MinY || y > Bounds.MaxY)
        {
            return;
        }

        scratch.Clear();
        for (int i = 0, j = _xs.Length - 1; i < _xs.Length; j = i++)
        {
            if (Crossing(i, j, y, out var xc))
            {
                scratch.Add(xc);
            }
        }

        scratch.Sort();

        // A sample x is inside when an odd number of crossings lie strictly right of it, i.e. when
        // c[2k] <= x < c[2k+1] for some k; the crossing values are the very doubles Contains compares.
        for (var k = 0; k + 1 < scratch.Count; k += 2)
        {
            var start = row.FirstAtOrAbove(scratch[k]);
            var end = row.FirstAtOrAbove(scratch[k + 1]);
            if (end > start)
            {
                runs.Add(new PixelRun(start, end));
            }
        }
    }

    // The one place the crossing is computed, so Contains and AppendRuns agree bit for bit.
    private bool Crossing(int i, int j, double y, out double xc)
    {
        var yi = _ys[i];
        var yj = _ys[j];
        if ((yi > y) != (yj > y))
        {
            var xi = _xs[i];
            xc = ((_xs[j] - xi) * (y - yi) / (yj - yi)) + xi;
            return true;
        }

        xc = 0;
        return false;
    }
}
