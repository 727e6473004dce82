namespace SlideEmbed.Segmentation;

/// <summary>
/// A JPEG encode/decode applied to every uint8 patch before scaling and normalisation, for models
/// trained on JPEG tiles (<c>preprocess.jpeg</c> of a segmenter manifest).
/// </summary>
/// <param name="Quality">JPEG quality, 1 to 100 (libjpeg's scaling of the standard tables).</param>
/// <param name="Variant">How the channels reach the codec.</param>
public sealed record SegmenterJpeg(int Quality, SegmenterJpegVariant Variant);
