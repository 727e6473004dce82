namespace SlideEmbed.Tiling;

/// <summary>One tile of a slide's grid.</summary>
/// <param name="Index">Position in the slide's tile table, 0-based, in row-major grid order.</param>
/// <param name="X">Left edge in level-0 pixels.</param>
/// <param name="Y">Top edge in level-0 pixels.</param>
/// <param name="TissueFraction">Fraction of the tile's area covered by the tissue mask, 0 to 1.</param>
public readonly record struct Tile(int Index, long X, long Y, float TissueFraction);
