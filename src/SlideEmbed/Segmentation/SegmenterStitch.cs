namespace SlideEmbed.Segmentation;

/// <summary>How decisions of overlapping patches are combined into one mask.</summary>
public enum SegmenterStitch
{
    /// <summary>A pixel is foreground when any patch covering it says so (TRIDENT's <c>mask += pred</c>, then <c>&gt; 0</c>).</summary>
    Any,

    /// <summary>The patch processed last (row-major order) decides (GrandQC upstream's slice assignment).</summary>
    Overwrite,
}
