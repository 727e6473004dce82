using SlideEmbed.Synthetic.Rendering;

namespace SlideEmbed.Synthetic.Shapes;

/// <summary>
/// A closed boundary in level-0 pixel coordinates (x to the right, y down): a polygon
/// (<see cref="PolygonContour"/>) or an axis-aligned ellipse (<see cref="EllipseContour"/>).
/// </summary>
/// <remarks>
/// <see cref="Contains"/> is the ground truth: the renderer decides every pixel with exactly the same
/// floating-point arithmetic, evaluated at the pixel centre mapped to level 0, so a pixel is drawn as
/// tissue exactly when <see cref="Contains"/> is true for its centre. Immutable and thread-safe.
/// The hierarchy is closed: only this assembly derives from it.
/// </remarks>
public abstract class Contour
{
    private protected Contour()
    {
    }

    /// <summary>The bounding box of the boundary, level-0 pixels.</summary>
    public abstract ContourBounds Bounds { get; }

    /// <summary>Enclosed area in square level-0 pixels (a self-intersecting polygon gives its shoelace value, not its even-odd area).</summary>
    public abstract double Area { get; }

    /// <summary>Whether a point is inside.</summary>
    /// <param name="x">X in level-0 pixels.</param>
    /// <param name="y">Y in level-0 pixels.</param>
    /// <returns>True when inside.</returns>
    public abstract bool Contains(double x, double y);

    /// <summary>
    /// Appends, in increasing order and without overlap, the runs of pixels of <paramref name="row"/>
    /// whose centres are inside, so that pixel <c>i</c> is in a run exactly when
    /// <c>Contains(row.X(i), y)</c>.
    /// </summary>
    /// <param name="y">The row's y in level-0 pixels (its pixel centres).</param>
    /// <param name="row">The row's pixel centres.</param>
    /// <param name="runs">Receives the runs.</param>
    /// <param name="scratch">Reusable scratch space.</param>
    internal abstract void AppendRuns(double y, in SampleRow row, List<PixelRun> runs, List<double> scratch);
}
