namespace SlideEmbed.Segmentation;

/// <summary>How a segmenter's patch grid meets the right and bottom edges of the image.</summary>
public enum SegmenterEdge
{
    /// <summary>Patches start at multiples of the step and the last ones run past the edge, filled with the background colour (TRIDENT).</summary>
    PadBeyond,

    /// <summary>The last column and row are moved back to end at the image edge (GrandQC upstream); an image smaller than a patch is padded.</summary>
    ShiftLast,
}
