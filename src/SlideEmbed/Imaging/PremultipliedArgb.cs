namespace SlideEmbed.Imaging;

/// <summary>
/// Conversion of OpenSlide's premultiplied ARGB pixels (one native-endian <see cref="uint"/> per
/// pixel, alpha in the top byte) to opaque RGB on a background colour.
/// </summary>
/// <remarks>
/// The rule, which <c>tools/make_region_goldens.py</c> reproduces from openslide-python's RGBA output:
/// an opaque pixel keeps its colour; a fully transparent pixel (outside the scanned area) becomes
/// the background; a partly transparent pixel is first un-premultiplied exactly as openslide-python
/// does (<c>c = 255 * c / a</c>, truncating) and then composited as
/// <c>(c * a + background * (255 - a) + 127) / 255</c>.
/// </remarks>
public static class PremultipliedArgb
{
    /// <summary>Converts <paramref name="argb"/> into interleaved RGB in <paramref name="rgb"/>.</summary>
    /// <param name="argb">Source pixels.</param>
    /// <param name="rgb">Destination, at least <c>3 * argb.Length</c> bytes.</param>
    /// <param name="background">Colour behind transparent pixels.</param>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static void ToRgb(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background)
    {
        if (rgb.Length < argb.Length * 3)
        {
            throw new ArgumentException("The destination holds fewer than 3 bytes per source pixel.", nameof(rgb));
        }

        var o = 0;
        for (var i = 0; i < argb.Length; i++, o += 3)
        {
            var p = argb[i];
            var a = p >> 24;
            if (a == 255)
            {
                rgb[o] = (byte)(p >> 16);
                rgb[o + 1] = (byte)(p >> 8);
                rgb[o + 2] = (byte)p;
            }
            else if (a == 0)
            {
                rgb[o] = background.R;
                rgb[o + 1] = background.G;
                rgb[o + 2] = background.B;
            }
            else
            {
                rgb[o] = Blend((p >> 16) & 0xFF, a, background.R);
                rgb[o + 1] = Blend((p >> 8) & 0xFF, a, background.G);
                rgb[o + 2] = Blend(p & 0xFF, a, background.B);
            }
        }
    }

    private static byte Blend(uint premultiplied, uint alpha, byte background)
    {
        // Un-premultiply as openslide-python does (truncating, wrapped to a byte), then composite.
        var straight = (byte)(255 * premultiplied / alpha);
        return (byte)((straight * alpha + background * (255 - alpha) + 127) / 255);
    }
}
