namespace SlideEmbed.Tissue;

/// <summary>One connected piece of tissue: an outer boundary and the holes inside it.</summary>
/// <param name="Outer">The outer boundary.</param>
/// <param name="Holes">Holes (background enclosed by the tissue), each inside <paramref name="Outer"/>.</param>
public sealed record TissueRegion(Ring Outer, IReadOnlyList<Ring> Holes)
{
    /// <summary>Area of the outer ring minus the holes.</summary>
    public double NetArea => Outer.Area - Holes.Sum(h => h.Area);

    /// <summary>Whether a point is tissue: inside the outer ring and in no hole.</summary>
    /// <param name="x">X in the region's units.</param>
    /// <param name="y">Y in the region's units.</param>
    /// <returns>True when the point is tissue.</returns>
    public bool Contains(double x, double y) => Outer.Contains(x, y) && !Holes.Any(h => h.Contains(x, y));

    /// <summary>The same region with every coordinate multiplied by <paramref name="factor"/> (e.g. mask pixels to level-0 pixels).</summary>
    /// <param name="factor">Scale factor.</param>
    /// <returns>The scaled region.</returns>
    public TissueRegion Scale(double factor) => new(ScaleRing(Outer, factor), Holes.Select(h => ScaleRing(h, factor)).ToList());

    private static Ring ScaleRing(Ring ring, double f) => new(ring.Points.Select(p => (p.X * f, p.Y * f)).ToList());
}
