using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>
/// A drawn low-resolution "slide" at 16 um/px: a pink tissue ellipse with a round background hole,
/// tiny tissue-coloured specks on near-white glass, optional blue pen stroke, mild noise.
/// </summary>
internal sealed class SyntheticTissueImage : IDisposable
{
    public static readonly MicronsPerPixel Resolution = MicronsPerPixel.Isotropic(16);

    private SyntheticTissueImage(RgbImage image, BinaryMask truth, (double X, double Y) holeCentre, double holeRadius)
    {
        Image = image;
        Truth = truth;
        HoleCentre = holeCentre;
        HoleRadius = holeRadius;
    }

    public RgbImage Image { get; }

    /// <summary>Tissue pixels as drawn (ellipse minus hole; no specks, no pen).</summary>
    public BinaryMask Truth { get; }

    public (double X, double Y) HoleCentre { get; }

    public double HoleRadius { get; }

    /// <param name="speckSize">Side of the square specks in pixels.</param>
    public static SyntheticTissueImage Create(int width = 400, int height = 300, bool pen = false, int speckSize = 3, int seed = 7)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        var truth = new BinaryMask(width, height);
        double cx = width * 0.42, cy = height * 0.5, rx = width * 0.3, ry = height * 0.32;
        var hole = (X: cx + (rx * 0.15), Y: cy - (ry * 0.1));
        var holeRadius = Math.Min(rx, ry) * 0.3;
        var pixels = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double px = x + 0.5, py = y + 0.5;
                var inEllipse = Square((px - cx) / rx) + Square((py - cy) / ry) <= 1;
                var inHole = Square(px - hole.X) + Square(py - hole.Y) <= holeRadius * holeRadius;
                var tissue = inEllipse && !inHole;
                truth[x, y] = tissue;

                // Eosin pink with scattered haematoxylin purple, or near-white glass.
                var (r, g, b) = tissue
                    ? random.NextDouble() < 0.2 ? (150, 100, 180) : (225, 150, 195)
                    : (236, 234, 238);
                var o = ((y * width) + x) * 3;
                var noise = tissue ? 8 : 3;
                pixels[o] = Noisy(r, noise, random);
                pixels[o + 1] = Noisy(g, noise, random);
                pixels[o + 2] = Noisy(b, noise, random);
            }
        }

        // Specks: tissue-coloured dots on glass, right and below the ellipse.
        for (var i = 0; i < 12; i++)
        {
            var sx = (int)(width * 0.78) + ((i % 4) * 14);
            var sy = 12 + ((i / 4) * 14);
            Fill(image, sx, sy, speckSize, speckSize, (215, 140, 190));
        }

        if (pen)
        {
            // A 6 px blue stroke down the right margin, on glass only.
            for (var y = (int)(height * 0.35); y < height - 10; y++)
            {
                var x0 = (int)(width * 0.8) + ((y - (int)(height * 0.35)) / 6);
                Fill(image, x0, y, 6, 1, (40, 70, 160));
            }
        }

        return new SyntheticTissueImage(image, truth, hole, holeRadius);
    }

    public void Dispose() => Image.Dispose();

    private static void Fill(RgbImage image, int x0, int y0, int w, int h, (int R, int G, int B) color)
    {
        for (var y = y0; y < y0 + h && y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x < x0 + w && x < image.Width; x++)
            {
                row[x * 3] = (byte)color.R;
                row[(x * 3) + 1] = (byte)color.G;
                row[(x * 3) + 2] = (byte)color.B;
            }
        }
    }

    private static byte Noisy(int value, int amplitude, Random random) =>
        (byte)Math.Clamp(value + random.Next(-amplitude, amplitude + 1), 0, 255);

    private static double Square(double v) => v * v;
}
