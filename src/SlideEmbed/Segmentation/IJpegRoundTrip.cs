namespace SlideEmbed.Segmentation;

/// <summary>
/// Encodes an RGB patch as JPEG and decodes it again, in place, as a segmenter manifest's
/// <c>preprocess.jpeg</c> asks. The core library has no codec; the composition supplies one
/// (libjpeg-turbo in <c>SlideEmbed.OpenSlide</c>).
/// </summary>
/// <remarks>Implementations must be safe to call from several threads at once.</remarks>
public interface IJpegRoundTrip
{
    /// <summary>Replaces the pixels with their JPEG round trip.</summary>
    /// <param name="pixels">Interleaved R, G, B bytes, rows of <c>3 * width</c> bytes without padding.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="settings">Quality and channel order.</param>
    void RoundTrip(Span<byte> pixels, int width, int height, SegmenterJpeg settings);
}
