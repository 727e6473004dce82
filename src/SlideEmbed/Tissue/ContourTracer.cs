namespace SlideEmbed.Tissue;

/// <summary>
/// Traces a mask into <see cref="TissueRegion"/>s: one per 8-connected foreground component, with its
/// outer boundary and one hole ring per enclosed 4-connected background component. Rings run along
/// pixel edges, so vertices are integer pixel corners, the outer ring's area is the number of pixels it
/// encloses and <see cref="TissueRegion.NetArea"/> is exactly the component's pixel count.
/// </summary>
/// <remarks>
/// <para>
/// Connectivity: foreground is 8-connected and background 4-connected. Where two foreground pixels
/// touch only at a corner (a pinch vertex, the other two pixels of the 2 x 2 block being background),
/// the edge follower joins them: walking with tissue on its right, it always prefers the left turn.
/// A ring may therefore visit a pinch vertex twice, touching itself there without crossing, which keeps
/// the ring a valid closed curve for the even-odd rule of <see cref="Ring.Contains"/> and the shoelace
/// area; the two diagonal pixels end up in one region, exactly as the 8-connected mask says. For a hole
/// the same vertex separates the two background pixels, matching 4-connected background.
/// </para>
/// <para>
/// Orientation: outer rings are clockwise on screen (y down), which is positive
/// <see cref="Ring.SignedArea"/>; hole rings are counter-clockwise on screen (negative signed area).
/// Only corners are emitted (collinear vertices merged). An outer ring starts at the top-left corner of
/// the component's top-left pixel and heads east; a hole ring starts at the first corner met walking
/// west along the top edge of the hole's top-left pixel. Pixels outside the image are background, so components touching the border
/// get rings along the image edge. Nested tissue inside a hole is its own region. Regions are ordered by
/// their top-left pixel in raster order, holes likewise.
/// </para>
/// <para>Thread-safe: the mask is only read.</para>
/// </remarks>
public static class ContourTracer
{
    // Directions in screen order: east, south, west, north (a right turn adds one).
    private static readonly int[] s_dx = [1, 0, -1, 0];
    private static readonly int[] s_dy = [0, 1, 0, -1];

    // Offsets from a vertex (x, y) to the pixel ahead-left and ahead-right of each direction.
    private static readonly int[] s_aheadLeftX = [0, 0, -1, -1];
    private static readonly int[] s_aheadLeftY = [-1, 0, 0, -1];
    private static readonly int[] s_aheadRightX = [0, -1, -1, 0];
    private static readonly int[] s_aheadRightY = [0, 0, -1, -1];

    /// <summary>Traces every component of a mask.</summary>
    /// <param name="mask">The mask (non-zero is foreground); not modified.</param>
    /// <returns>The regions in mask pixel units.</returns>
    public static IReadOnlyList<TissueRegion> Trace(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return Trace(mask, RunLengthComponents.Build(mask));
    }

    /// <summary>Traces every component given the mask's labelling.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="components">Its components, built from the same mask.</param>
    /// <returns>The regions.</returns>
    internal static IReadOnlyList<TissueRegion> Trace(BinaryMask mask, RunLengthComponents components)
    {
        var holes = new Ring[components.HoleCount];
        for (var h = 0; h < components.HoleCount; h++)
        {
            var first = components.HoleFirstRun[h];
            var x = components.RunX(first);
            var y = components.RunRow(first);

            // The top edge of the hole's top-left pixel is the bottom edge of tissue, walked westwards.
            holes[h] = TraceRing(mask, x + 1, y, 2);
        }

        var regions = new TissueRegion[components.ComponentCount];
        for (var c = 0; c < components.ComponentCount; c++)
        {
            var first = components.ComponentFirstRun[c];
            var outer = TraceRing(mask, components.RunX(first), components.RunRow(first), 0);
            var holeIds = components.HolesOf(c);
            var rings = new Ring[holeIds.Length];
            for (var i = 0; i < holeIds.Length; i++)
            {
                rings[i] = holes[holeIds[i]];
            }

            regions[c] = new TissueRegion(outer, rings);
        }

        return regions;
    }

    /// <summary>Follows boundary edges from a start vertex and direction until the walk returns to them.</summary>
    private static Ring TraceRing(BinaryMask mask, int startX, int startY, int startDirection)
    {
        var points = new List<(double X, double Y)>();
        int x = startX, y = startY, d = startDirection;
        do
        {
            x += s_dx[d];
            y += s_dy[d];
            int next;
            if (IsSet(mask, x + s_aheadLeftX[d], y + s_aheadLeftY[d]))
            {
                // Turning left here also joins corner-touching tissue (8-connectivity).
                next = (d + 3) & 3;
            }
            else if (IsSet(mask, x + s_aheadRightX[d], y + s_aheadRightY[d]))
            {
                next = d;
            }
            else
            {
                next = (d + 1) & 3;
            }

            if (next != d)
            {
                points.Add((x, y));
            }

            d = next;
        }
        while (x != startX || y != startY || d != startDirection);

        // The walk records the start vertex last (when it is a corner); put it first.
        if (points.Count > 0 && points[^1] == (startX, startY))
        {
            points.Insert(0, points[^1]);
            points.RemoveAt(points.Count - 1);
        }

        return new Ring(points);
    }

    private static bool IsSet(BinaryMask mask, int x, int y) =>
        (uint)x < (uint)mask.Width && (uint)y < (uint)mask.Height && mask.Data[(y * mask.Width) + x] != 0;
}
