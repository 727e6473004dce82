using System.Runtime.CompilerServices;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>Finds pen (marker ink) pixels in a low-resolution RGB image, by the HSV ranges of <see cref="PenMarkOptions"/>.</summary>
public static class PenMarkDetector
{
    /// <summary>The mask of ink pixels, dilated by the options' margin.</summary>
    /// <param name="image">The image.</param>
    /// <param name="options">Which inks to find.</param>
    /// <param name="micronsPerPixel">The image resolution (its isotropic mean), used to turn the margin into pixels.</param>
    /// <returns>A new mask, 1 = ink (or within the margin of ink).</returns>
    public static BinaryMask Detect(RgbImage image, PenMarkOptions options, MicronsPerPixel micronsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var mask = new BinaryMask(image.Width, image.Height);
        Classify(image.Pixels, mask.Data, options);

        var radius = (int)Math.Round(options.MarginMicrons / micronsPerPixel.Mean);
        return radius > 0 ? Morphology.Dilate(mask, (2 * radius) + 1) : mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Classify(ReadOnlySpan<byte> rgb, Span<byte> ink, PenMarkOptions options)
    {
        var minSaturation = Math.Min(options.Blue ? options.BlueMinSaturation : 256, options.Green ? options.GreenMinSaturation : 256);
        var blackMax = options.Black ? options.BlackMaxValue : -1;
        for (int i = 0, j = 0; i < ink.Length; i++, j += 3)
        {
            byte r = rgb[j], g = rgb[j + 1], b = rgb[j + 2];
            var (min, max) = HsvConversion.MinMax(r, g, b);
            if (max <= blackMax)
            {
                ink[i] = 1;
                continue;
            }

            // Cheap rejection first: most pixels are glass or stain, below the ink saturation.
            var saturation = HsvConversion.Saturation(min, max);
            if (saturation < minSaturation)
            {
                continue;
            }

            var hue = HsvConversion.HueDegrees(r, g, b);
            var isBlue = options.Blue && saturation >= options.BlueMinSaturation && hue >= options.BlueHueMin && hue <= options.BlueHueMax;
            var isGreen = options.Green && saturation >= options.GreenMinSaturation && hue >= options.GreenHueMin && hue <= options.GreenHueMax;
            ink[i] = isBlue || isGreen ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Clears ink (with its margin) from a tissue mask, in place.</summary>
    /// <param name="tissue">The tissue mask, modified.</param>
    /// <param name="ink">The ink mask of the same size.</param>
    internal static void Subtract(BinaryMask tissue, BinaryMask ink)
    {
        var t = tissue.Data;
        var p = ink.Data;
        for (var i = 0; i < t.Length; i++)
        {
            t[i] = p[i] != 0 ? (byte)0 : t[i];
        }
    }
}
