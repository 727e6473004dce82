using SlideEmbed.Imaging;

namespace SlideEmbed.Segmentation;

/// <summary>
/// The detection image resampled to a segmenter's resolution, as float RGB planes (0-255, not rounded),
/// and the normalised patches cut from it.
/// </summary>
/// <remarks>
/// Resampling is bilinear with pixel centres aligned (<c>cv2.resize</c> INTER_LINEAR, or torch
/// <c>interpolate(bilinear, align_corners=False)</c>, without antialiasing): source coordinate
/// <c>(d + 0.5) * in / out - 0.5</c>, clamped at 0, neighbours clamped at the last pixel. The output size
/// is <c>max(1, round(in * inputMpp / targetMpp))</c> per axis.
/// </remarks>
public sealed class SegmentationInput
{
    private readonly float[] _planes;

    private SegmentationInput(int width, int height, float[] planes)
    {
        Width = width;
        Height = height;
        _planes = planes;
    }

    /// <summary>Width at the segmenter's resolution.</summary>
    public int Width { get; }

    /// <summary>Height at the segmenter's resolution.</summary>
    public int Height { get; }

    /// <summary>Resampled planes, <c>[3, Height, Width]</c>, values 0-255.</summary>
    public ReadOnlySpan<float> Planes => _planes;

    /// <summary>Resamples an image to the segmenter's resolution.</summary>
    /// <param name="image">The detection image.</param>
    /// <param name="imageMpp">Its resolution in microns per pixel.</param>
    /// <param name="targetMpp">The segmenter's resolution.</param>
    /// <returns>The resampled image.</returns>
    public static SegmentationInput Resample(RgbImage image, double imageMpp, double targetMpp)
    {
        ArgumentNullException.ThrowIfNull(image);
        var outW = Math.Max(1, (int)Math.Round(image.Width * imageMpp / targetMpp));
        var outH = Math.Max(1, (int)Math.Round(image.Height * imageMpp / targetMpp));
        var planes = new float[3 * outW * outH];
        var xs = Taps(image.Width, outW);
        var ys = Taps(image.Height, outH);
        var pixels = image.Pixels;
        var stride = image.Stride;
        for (var y = 0; y < outH; y++)
        {
            var (y0, y1, fy) = ys[y];
            for (var x = 0; x < outW; x++)
            {
                var (x0, x1, fx) = xs[x];
                for (var c = 0; c < 3; c++)
                {
                    float a = pixels[(y0 * stride) + (x0 * 3) + c], b = pixels[(y0 * stride) + (x1 * 3) + c];
                    float d = pixels[(y1 * stride) + (x0 * 3) + c], e = pixels[(y1 * stride) + (x1 * 3) + c];
                    var top = a + (fx * (b - a));
                    var bottom = d + (fx * (e - d));
                    planes[(c * outW * outH) + (y * outW) + x] = top + (fy * (bottom - top));
                }
            }
        }

        return new SegmentationInput(outW, outH, planes);
    }

    /// <summary>Writes one normalised patch, <c>[3, size, size]</c>, filling pixels outside the image with the manifest's background colour.</summary>
    /// <param name="manifest">The segmenter (size, fill, mean, std).</param>
    /// <param name="x0">Patch left edge in pixels of this image (may run past the right edge).</param>
    /// <param name="y0">Patch top edge.</param>
    /// <param name="destination">Receives <c>3 * size * size</c> floats.</param>
    public void WritePatch(SegmenterManifest manifest, int x0, int y0, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var size = manifest.PatchSize;
        var plane = Width * Height;
        for (var c = 0; c < 3; c++)
        {
            var scale = 1f / (255f * manifest.Std[c]);
            var shift = manifest.Mean[c] / manifest.Std[c];
            var fill = (manifest.BackgroundFill[c] * scale) - shift;
            var source = _planes.AsSpan(c * plane, plane);
            for (var y = 0; y < size; y++)
            {
                var row = destination.Slice((c * size * size) + (y * size), size);
                var sy = y0 + y;
                for (var x = 0; x < size; x++)
                {
                    var sx = x0 + x;
                    row[x] = sy < Height && sx < Width ? (source[(sy * Width) + sx] * scale) - shift : fill;
                }
            }
        }
    }

    private static (int Lo, int Hi, float Frac)[] Taps(int input, int output)
    {
        var taps = new (int, int, float)[output];
        var scale = (double)input / output;
        for (var d = 0; d < output; d++)
        {
            var s = Math.Max(0, ((d + 0.5) * scale) - 0.5);
            var lo = Math.Min((int)s, input - 1);
            var hi = Math.Min(lo + 1, input - 1);
            taps[d] = (lo, hi, (float)(s - lo));
        }

        return taps;
    }
}
