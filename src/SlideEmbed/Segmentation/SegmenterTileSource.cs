namespace SlideEmbed.Segmentation;

/// <summary>Where a segmenter's patches come from (<c>tile.source</c>).</summary>
public enum SegmenterTileSource
{
    /// <summary>Resampled from the low-resolution detection image (8-16 um/px); right for segmenters that run at about 10 um/px (GrandQC tissue: upstream uses a thumbnail).</summary>
    Thumbnail,

    /// <summary>
    /// Each patch read from the slide at the pyramid level TRIDENT's WSIPatcher chooses and resized to the
    /// patch size with <see cref="OpenCvLinearResize"/>; for segmenters that run at a fine resolution
    /// (HEST and the GrandQC artifact model at 1 um/px), which a detection image cannot feed.
    /// </summary>
    Slide,
}
