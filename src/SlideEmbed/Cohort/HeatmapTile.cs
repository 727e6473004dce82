namespace SlideEmbed.Cohort;

/// <summary>A tile's square on the slide, in level-0 pixels.</summary>
/// <param name="X">Left edge, level-0 pixels.</param>
/// <param name="Y">Top edge, level-0 pixels.</param>
/// <param name="Size">Edge, level-0 pixels.</param>
public readonly record struct HeatmapTile(long X, long Y, long Size);
