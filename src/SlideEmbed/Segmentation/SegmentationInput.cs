using SlideEmbed.Imaging;

namespace SlideEmbed.Segmentation;

/// <summary>
/// The detection image seen at a segmenter's resolution: patches are resampled from it on demand and
/// normalised, so no full-size copy at a fine resolution (1 um/px for HEST) is ever held.
/// </summary>
/// <remarks>
/// Resampling is bilinear with pixel centres aligned (<c>cv2.resize</c> INTER_LINEAR, or torch
/// <c>interpolate(bilinear, align_corners=False)</c>, without antialiasing), in float without rounding:
/// source coordinate <c>(d + 0.5) * in / out - 0.5</c>, clamped at 0, neighbours clamped at the last
/// pixel. The size at the segmenter's resolution is <c>max(1, round(in * imageMpp / targetMpp))</c> per axis.
/// Holds a reference to the image; it must outlive this object.
/// </remarks>
public sealed class SegmentationInput
{
    private readonly RgbImage _image;
    private readonly (int Lo, int Hi, float Frac)[] _xs;
    private readonly (int Lo, int Hi, float Frac)[] _ys;

    /// <summary>Views an image at the segmenter's resolution.</summary>
    /// <param name="image">The detection image.</param>
    /// <param name="imageMpp">Its resolution in microns per pixel.</param>
    /// <param name="targetMpp">The segmenter's resolution.</param>
    public SegmentationInput(RgbImage image, double imageMpp, double targetMpp)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image;
        Width = Math.Max(1, (int)Math.Round(image.Width * imageMpp / targetMpp));
        Height = Math.Max(1, (int)Math.Round(image.Height * imageMpp / targetMpp));
        _xs = Taps(image.Width, Width);
        _ys = Taps(image.Height, Height);
    }

    /// <summary>Width at the segmenter's resolution.</summary>
    public int Width { get; }

    /// <summary>Height at the segmenter's resolution.</summary>
    public int Height { get; }

    /// <summary>The resampled value (0-255, unrounded) of one channel at one pixel of the segmenter's grid.</summary>
    /// <param name="x">Column at the segmenter's resolution.</param>
    /// <param name="y">Row.</param>
    /// <param name="c">Channel, 0 = R.</param>
    /// <returns>The value.</returns>
    public float Sample(int x, int y, int c)
    {
        var (x0, x1, fx) = _xs[x];
        var (y0, y1, fy) = _ys[y];
        var pixels = _image.Pixels;
        var stride = _image.Stride;
        float a = pixels[(y0 * stride) + (x0 * 3) + c], b = pixels[(y0 * stride) + (x1 * 3) + c];
        float d = pixels[(y1 * stride) + (x0 * 3) + c], e = pixels[(y1 * stride) + (x1 * 3) + c];
        var top = a + (fx * (b - a));
        var bottom = d + (fx * (e - d));
        return top + (fy * (bottom - top));
    }

    /// <summary>Writes one normalised patch, <c>[3, size, size]</c>, filling pixels outside the image with the manifest's background colour.</summary>
    /// <param name="manifest">The segmenter (size, fill, mean, std).</param>
    /// <param name="x0">Patch left edge in pixels at the segmenter's resolution (may run past the right edge).</param>
    /// <param name="y0">Patch top edge.</param>
    /// <param name="destination">Receives <c>3 * size * size</c> floats.</param>
    public void WritePatch(SegmenterManifest manifest, int x0, int y0, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var size = manifest.PatchSize;
        for (var c = 0; c < 3; c++)
        {
            var fill = Normalise(manifest, manifest.BackgroundFill[c], c);
            for (var y = 0; y < size; y++)
            {
                var row = destination.Slice((c * size * size) + (y * size), size);
                var sy = y0 + y;
                for (var x = 0; x < size; x++)
                {
                    var sx = x0 + x;
                    row[x] = sy < Height && sx < Width ? Normalise(manifest, Sample(sx, sy, c), c) : fill;
                }
            }
        }
    }

    /// <summary>
    /// Writes one patch as interleaved RGB bytes, <c>[size, size, 3]</c>: resampled values rounded to the
    /// nearest integer (halves to even), pixels outside the image filled with the manifest's background
    /// colour. This is the uint8 patch a JPEG round trip takes.
    /// </summary>
    /// <param name="manifest">The segmenter (size, fill).</param>
    /// <param name="x0">Patch left edge in pixels at the segmenter's resolution (may run past the right edge).</param>
    /// <param name="y0">Patch top edge.</param>
    /// <param name="destination">Receives <c>3 * size * size</c> bytes.</param>
    public void WritePatchBytes(SegmenterManifest manifest, int x0, int y0, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var size = manifest.PatchSize;
        var fill = manifest.BackgroundFill;
        for (var y = 0; y < size; y++)
        {
            var row = destination.Slice(y * size * 3, size * 3);
            var sy = y0 + y;
            for (var x = 0; x < size; x++)
            {
                var sx = x0 + x;
                for (var c = 0; c < 3; c++)
                {
                    row[(x * 3) + c] = sy < Height && sx < Width ? (byte)Math.Clamp(MathF.Round(Sample(sx, sy, c)), 0f, 255f) : fill[c];
                }
            }
        }
    }

    /// <summary>Normalises an interleaved RGB byte patch into planes, <c>[3, size, size]</c>.</summary>
    /// <param name="manifest">The segmenter (size, mean, std).</param>
    /// <param name="pixels"><c>3 * size * size</c> bytes from <see cref="WritePatchBytes"/>.</param>
    /// <param name="destination">Receives <c>3 * size * size</c> floats.</param>
    public static void Normalise(SegmenterManifest manifest, ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var area = manifest.PatchSize * manifest.PatchSize;
        for (var c = 0; c < 3; c++)
        {
            var plane = destination.Slice(c * area, area);
            for (var i = 0; i < area; i++)
            {
                plane[i] = Normalise(manifest, pixels[(i * 3) + c], c);
            }
        }
    }

    private static float Normalise(SegmenterManifest m, float value, int c) => ((value / 255f) - m.Mean[c]) / m.Std[c];

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
