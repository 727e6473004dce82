using SlideEmbed.Geometry;

namespace SlideEmbed.Segmentation;

/// <summary>
/// A segmenter's stitched decision at its own resolution: foreground per pixel and the decision margin
/// (how far the pixel's probability was from flipping the decision), row-major.
/// </summary>
/// <param name="Width">Width in pixels at <paramref name="Mpp"/>.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Mpp">Resolution of the map (isotropic: the segmenter's own).</param>
/// <param name="Foreground">1 = tissue, 0 = not, <c>Width * Height</c> bytes.</param>
/// <param name="Margin">Distance from the decision boundary in probability, of the patch that decided the pixel (the smallest over the deciding patches under <see cref="SegmenterStitch.Any"/>).</param>
public sealed record SegmentationMap(int Width, int Height, MicronsPerPixel Mpp, byte[] Foreground, float[] Margin);
