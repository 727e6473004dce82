using SlideEmbed.Synthetic.Rendering;

namespace SlideEmbed.Synthetic.Shapes;

/// <summary>
/// One piece of tissue with exact ground truth: an outer boundary minus any holes, in level-0 pixel
/// coordinates. A point is tissue when it is inside <see cref="Outer"/> and inside none of
/// <see cref="Holes"/>; for a polygon with polygon holes nested inside it this is the even-odd rule.
/// Tiny shapes serve as "specks" below a detector's area threshold.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class TissueShape
{
    /// <summary>Creates a shape.</summary>
    /// <param name="outer">The outer boundary.</param>
    /// <param name="holes">Holes cut out of it; each should lie inside <paramref name="outer"/> and the holes should not overlap for <see cref="Area"/> to be exact. Null means none.</param>
    public TissueShape(Contour outer, IEnumerable<Contour>? holes = null)
    {
        ArgumentNullException.ThrowIfNull(outer);
        Outer = outer;
        var list = holes?.ToArray() ?? [];
        if (Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("A hole is null.", nameof(holes));
        }

        Holes = Array.AsReadOnly(list);
    }

    /// <summary>The outer boundary.</summary>
    public Contour Outer { get; }

    /// <summary>The holes (background enclosed by the tissue).</summary>
    public IReadOnlyList<Contour> Holes { get; }

    /// <summary>The bounding box of <see cref="Outer"/>, level-0 pixels.</summary>
    public ContourBounds Bounds => Outer.Bounds;

    /// <summary>Tissue area in square level-0 pixels: the outer area minus the holes' areas (exact when the holes lie inside and do not overlap).</summary>
    public double Area => Outer.Area - Holes.Sum(h => h.Area);

    /// <summary>A solid ellipse.</summary>
    /// <param name="centerX">Centre x, level-0 pixels.</param>
    /// <param name="centerY">Centre y, level-0 pixels.</param>
    /// <param name="radiusX">Half-width, level-0 pixels.</param>
    /// <param name="radiusY">Half-height, level-0 pixels.</param>
    /// <returns>The shape.</returns>
    public static TissueShape Ellipse(double centerX, double centerY, double radiusX, double radiusY) =>
        new(new EllipseContour(centerX, centerY, radiusX, radiusY));

    /// <summary>A small solid disc, e.g. a speck of debris that a tissue detector should drop by area.</summary>
    /// <param name="centerX">Centre x, level-0 pixels.</param>
    /// <param name="centerY">Centre y, level-0 pixels.</param>
    /// <param name="radius">Radius, level-0 pixels.</param>
    /// <returns>The shape.</returns>
    public static TissueShape Speck(double centerX, double centerY, double radius) =>
        new(EllipseContour.Circle(centerX, centerY, radius));

    /// <summary>A solid polygon.</summary>
    /// <param name="points">Vertices in order, level-0 pixels.</param>
    /// <returns>The shape.</returns>
    public static TissueShape Polygon(params (double X, double Y)[] points) => new(new PolygonContour(points));

    /// <summary>Whether a point is tissue of this shape.</summary>
    /// <param name="x">X in level-0 pixels.</param>
    /// <param name="y">Y in level-0 pixels.</param>
    /// <returns>True when inside the outer boundary and in no hole.</returns>
    public bool Contains(double x, double y)
    {
        if (!Outer.Contains(x, y))
        {
            return false;
        }

        foreach (var hole in Holes)
        {
            if (hole.Contains(x, y))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Appends the runs of <paramref name="row"/> that are tissue of this shape, sorted and disjoint.</summary>
    internal void AppendRuns(double y, in SampleRow row, List<PixelRun> runs, RunScratch scratch)
    {
        if (Holes.Count == 0)
        {
            Outer.AppendRuns(y, row, runs, scratch.Crossings);
            return;
        }

        var outer = scratch.Outer;
        outer.Clear();
        Outer.AppendRuns(y, row, outer, scratch.Crossings);
        if (outer.Count == 0)
        {
            return;
        }

        foreach (var hole in Holes)
        {
            scratch.Hole.Clear();
            hole.AppendRuns(y, row, scratch.Hole, scratch.Crossings);
            if (scratch.Hole.Count > 0)
            {
                PixelRun.Subtract(outer, scratch.Hole, scratch.Difference);
                (scratch.Outer, scratch.Difference) = (scratch.Difference, scratch.Outer);
                outer = scratch.Outer;
            }
        }

        runs.AddRange(outer);
    }
}
