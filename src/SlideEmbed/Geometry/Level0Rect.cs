namespace SlideEmbed.Geometry;

/// <summary>A rectangle in level-0 pixel coordinates (top-left origin, int64).</summary>
/// <param name="X">Left edge in level-0 pixels; may be negative for reads that start outside the slide.</param>
/// <param name="Y">Top edge in level-0 pixels; may be negative.</param>
/// <param name="Width">Width in level-0 pixels, &gt;= 0.</param>
/// <param name="Height">Height in level-0 pixels, &gt;= 0.</param>
public readonly record struct Level0Rect(long X, long Y, long Width, long Height)
{
    /// <summary>Exclusive right edge in level-0 pixels.</summary>
    public long Right => X + Width;

    /// <summary>Exclusive bottom edge in level-0 pixels.</summary>
    public long Bottom => Y + Height;
}
