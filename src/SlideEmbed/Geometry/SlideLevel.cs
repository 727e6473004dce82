namespace SlideEmbed.Geometry;

/// <summary>One level of a slide's resolution pyramid.</summary>
/// <param name="Index">Level index; 0 is the full-resolution level.</param>
/// <param name="Width">Width in pixels of this level.</param>
/// <param name="Height">Height in pixels of this level.</param>
/// <param name="Downsample">Level-0 pixels per pixel of this level (1 for level 0); not always an integer.</param>
public sealed record SlideLevel(int Index, long Width, long Height, double Downsample)
{
    /// <summary>Converts a level-0 coordinate to this level's pixels, rounding toward negative infinity.</summary>
    /// <param name="level0">A coordinate in level-0 pixels.</param>
    /// <returns>The coordinate in this level's pixels.</returns>
    public long FromLevel0(long level0) => (long)Math.Floor(level0 / Downsample);

    /// <summary>Converts a coordinate in this level's pixels to level-0 pixels, rounding toward negative infinity.</summary>
    /// <param name="levelPixels">A coordinate in this level's pixels.</param>
    /// <returns>The coordinate in level-0 pixels.</returns>
    public long ToLevel0(long levelPixels) => (long)Math.Floor(levelPixels * Downsample);
}
