using System.Runtime.CompilerServices;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>
/// RGB to HSV in the OpenCV 8-bit convention used by CLAM and CellViT: value
/// <c>V = max(R, G, B)</c>, saturation <c>S = 255 * (V - min(R, G, B)) / V</c> rounded to the nearest
/// integer (0 when <c>V = 0</c>), both 0-255. Hue is given in degrees, 0 to 360, rather than OpenCV's
/// halved 0-180 byte.
/// </summary>
/// <remarks>
/// OpenCV computes S with a 12-bit fixed-point reciprocal, which can differ from exact rounding by one
/// level in rare cases; thresholds such as CLAM's <c>sthresh</c> are not sensitive to that.
/// </remarks>
public static class HsvConversion
{
    // s_saturation[(v << 8) | (v - min)]: exact rounding without a division per pixel.
    private static readonly byte[] s_saturation = BuildSaturationTable();

    /// <summary>HSV saturation of one pixel, 0-255.</summary>
    /// <param name="r">Red.</param>
    /// <param name="g">Green.</param>
    /// <param name="b">Blue.</param>
    /// <returns>The saturation.</returns>
    public static byte Saturation(byte r, byte g, byte b)
    {
        var (min, max) = MinMax(r, g, b);
        return s_saturation[(max << 8) | (max - min)];
    }

    /// <summary>HSV hue of one pixel in degrees, in [0, 360); 0 for grey pixels (R = G = B).</summary>
    /// <param name="r">Red.</param>
    /// <param name="g">Green.</param>
    /// <param name="b">Blue.</param>
    /// <returns>The hue in degrees.</returns>
    public static double HueDegrees(byte r, byte g, byte b)
    {
        int max = Math.Max(r, Math.Max(g, b));
        int min = Math.Min(r, Math.Min(g, b));
        var delta = max - min;
        if (delta == 0)
        {
            return 0;
        }

        double hue;
        if (max == r)
        {
            hue = 60.0 * (g - b) / delta;
        }
        else if (max == g)
        {
            hue = 120.0 + (60.0 * (b - r) / delta);
        }
        else
        {
            hue = 240.0 + (60.0 * (r - g) / delta);
        }

        return hue < 0 ? hue + 360.0 : hue;
    }

    /// <summary>The saturation channel of an image.</summary>
    /// <param name="image">The RGB image.</param>
    /// <returns>A new image of saturations, 0-255.</returns>
    public static GrayImage Saturation(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var saturation = new GrayImage(image.Width, image.Height);
        Convert(image, saturation.Data, null);
        return saturation;
    }

    /// <summary>The saturation and value channels of an image in one pass.</summary>
    /// <param name="image">The RGB image.</param>
    /// <returns>New images of saturation and value, 0-255 each.</returns>
    public static (GrayImage Saturation, GrayImage Value) SaturationAndValue(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var saturation = new GrayImage(image.Width, image.Height);
        var value = new GrayImage(image.Width, image.Height);
        Convert(image, saturation.Data, value.Data);
        return (saturation, value);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Convert(RgbImage image, byte[] saturation, byte[]? value)
    {
        var n = image.Width * image.Height;
        if (n == 0)
        {
            return;
        }

        fixed (byte* rgb = image.Pixels)
        fixed (byte* table = s_saturation)
        fixed (byte* s = saturation)
        fixed (byte* v = value)
        {
            var p = rgb;
            for (var i = 0; i < n; i++, p += 3)
            {
                var (min, max) = MinMax(p[0], p[1], p[2]);
                s[i] = table[(max << 8) | (max - min)];
                if (v != null)
                {
                    v[i] = (byte)max;
                }
            }
        }
    }

    /// <summary>Saturation from a pixel's channel minimum and maximum.</summary>
    /// <param name="min">Smallest channel.</param>
    /// <param name="max">Largest channel.</param>
    /// <returns>The saturation, 0-255.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte Saturation(int min, int max) => s_saturation[(max << 8) | (max - min)];

    /// <summary>Minimum and maximum of three channels without branches (noisy pixels defeat branch prediction).</summary>
    /// <param name="r">Red.</param>
    /// <param name="g">Green.</param>
    /// <param name="b">Blue.</param>
    /// <returns>The minimum and maximum.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (int Min, int Max) MinMax(int r, int g, int b)
    {
        // For d = x - y, (d & (d >> 31)) is d when x < y and 0 otherwise.
        var d = r - g;
        var low = d & (d >> 31);
        int max = r - low, min = g + low;
        d = max - b;
        max -= d & (d >> 31);
        d = min - b;
        min = b + (d & (d >> 31));
        return (min, max);
    }

    private static byte[] BuildSaturationTable()
    {
        var table = new byte[256 * 256];
        for (var v = 1; v < 256; v++)
        {
            for (var d = 0; d <= v; d++)
            {
                // Round half up of 255 * d / v in integers.
                table[(v << 8) | d] = (byte)(((510 * d) + v) / (2 * v));
            }
        }

        return table;
    }
}
