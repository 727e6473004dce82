using SlideEmbed.Geometry;
using SlideEmbed.Tissue;

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
public sealed record SegmentationMap(int Width, int Height, MicronsPerPixel Mpp, byte[] Foreground, float[] Margin)
{
    /// <summary>The foreground brought to another image's size: each pixel takes the map pixel nearest its centre.</summary>
    /// <param name="width">Width of the image the mask is for, &gt;= 1.</param>
    /// <param name="height">Its height, &gt;= 1.</param>
    /// <returns>A new mask.</returns>
    public BinaryMask ForegroundAt(int width, int height)
    {
        var mask = new BinaryMask(width, height);
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Min(Height - 1, (int)((y + 0.5) * Height / height));
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Min(Width - 1, (int)((x + 0.5) * Width / width));
                mask.Data[(y * width) + x] = Foreground[(sy * Width) + sx];
            }
        }

        return mask;
    }
}
