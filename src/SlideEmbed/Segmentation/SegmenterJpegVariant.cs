namespace SlideEmbed.Segmentation;

/// <summary>How a segmenter's JPEG round trip orders the channels it hands the codec.</summary>
public enum SegmenterJpegVariant
{
    /// <summary>
    /// OpenCV's <c>imencode</c>/<c>imdecode</c> applied to an RGB array, which OpenCV takes for BGR: the
    /// luma and chroma weights land on swapped R and B, and decoding returns the same order (GrandQC
    /// upstream). libjpeg-turbo with 4:2:0 chroma, the accurate (islow) DCT, fancy upsampling.
    /// </summary>
    OpencvBgrQuirk,
}
