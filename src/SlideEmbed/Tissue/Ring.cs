namespace SlideEmbed.Tissue;

/// <summary>
/// A closed polygon ring as vertex coordinates (first vertex not repeated at the end). Units are
/// those of the producer: mask pixels from contour tracing, level-0 pixels after
/// <see cref="TissueRegion.Scale"/>. Pixel (i, j) covers the square [i, i+1) x [j, j+1), so a ring
/// traced around pixel edges has integer vertices in mask units.
/// </summary>
/// <param name="Points">Vertices in order.</param>
public sealed record Ring(IReadOnlyList<(double X, double Y)> Points)
{
    /// <summary>Signed area by the shoelace formula (positive for counter-clockwise in a y-up frame, which is clockwise on screen with y down).</summary>
    public double SignedArea
    {
        get
        {
            double sum = 0;
            for (int i = 0, n = Points.Count; i < n; i++)
            {
                var (x1, y1) = Points[i];
                var (x2, y2) = Points[(i + 1) % n];
                sum += (x1 * y2) - (x2 * y1);
            }

            return sum / 2;
        }
    }

    /// <summary>Absolute area.</summary>
    public double Area => Math.Abs(SignedArea);

    /// <summary>Whether a point lies inside (even-odd rule).</summary>
    /// <param name="x">X in the ring's units.</param>
    /// <param name="y">Y in the ring's units.</param>
    /// <returns>True when inside.</returns>
    public bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            var (xi, yi) = Points[i];
            var (xj, yj) = Points[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
