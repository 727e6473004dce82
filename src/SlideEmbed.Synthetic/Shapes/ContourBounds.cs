namespace SlideEmbed.Synthetic.Shapes;

/// <summary>An axis-aligned bounding box in level-0 pixel coordinates (inclusive on every side).</summary>
/// <param name="MinX">Smallest x, level-0 pixels.</param>
/// <param name="MinY">Smallest y, level-0 pixels.</param>
/// <param name="MaxX">Largest x, level-0 pixels.</param>
/// <param name="MaxY">Largest y, level-0 pixels.</param>
public readonly record struct ContourBounds(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>Width in level-0 pixels.</summary>
    public double Width => MaxX - MinX;

    /// <summary>Height in level-0 pixels.</summary>
    public double Height => MaxY - MinY;

    /// <summary>Whether this box and the closed box [<paramref name="minX"/>, <paramref name="maxX"/>] x [<paramref name="minY"/>, <paramref name="maxY"/>] share any point.</summary>
    /// <param name="minX">Left, level-0 pixels.</param>
    /// <param name="minY">Top, level-0 pixels.</param>
    /// <param name="maxX">Right, level-0 pixels.</param>
    /// <param name="maxY">Bottom, level-0 pixels.</param>
    /// <returns>True when they overlap or touch.</returns>
    public bool Intersects(double minX, double minY, double maxX, double maxY) =>
        MinX <= maxX && minX <= MaxX && MinY <= maxY && minY <= MaxY;

    /// <summary>The smallest box holding both boxes.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>The union box.</returns>
    public ContourBounds Union(ContourBounds other) =>
        new(Math.Min(MinX, other.MinX), Math.Min(MinY, other.MinY), Math.Max(MaxX, other.MaxX), Math.Max(MaxY, other.MaxY));
}
