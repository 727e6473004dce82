using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>
/// Pale H&amp;E blocks on light-grey glass with a scatter of small, strongly stained specks: Otsu's
/// split of the saturation histogram then falls between the pale tissue and the specks, which the area
/// filter drops, so a single-pass Otsu level finds no tissue at all.
/// </summary>
public sealed class ClamOtsuPaleTissueTests
{
    private static readonly MicronsPerPixel Mpp = MicronsPerPixel.Isotropic(8);
    private const int Width = 400;
    private const int Height = 300;

    // Three 100 x 80 blocks: each 8,000 px, above a_t = 16 reference squares = 4,096 px at 8 um/px.
    private static readonly (int X, int Y)[] Blocks = [(30, 30), (200, 40), (110, 170)];

    [Fact]
    public void Detect_PaleBlocksWithStainedSpecks_FindsEveryBlock()
    {
        using var image = PaleBlocksWithSpecks();
        var detector = new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true });

        var result = detector.Detect(image, Mpp);

        Assert.Equal(Blocks.Length, result.Regions.Count);
        foreach (var (x, y) in Blocks)
        {
            Assert.Contains(result.Regions, r => r.Contains(x + 50, y + 40));
        }
    }

    [Fact]
    public void Detect_PaleBlocksWithStainedSpecks_DropsTheSpecks()
    {
        using var image = PaleBlocksWithSpecks();
        var detector = new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true });

        var result = detector.Detect(image, Mpp);

        foreach (var (x, y) in Specks())
        {
            Assert.False(result.Mask[x + 4, y + 4], $"Speck at ({x}, {y}) kept.");
        }
    }

    [Fact]
    public void Detect_PaleBlocksWithStainedSpecks_AgreesWithTheFixedThreshold()
    {
        using var image = PaleBlocksWithSpecks();
        var fixedLevel = new ClamTissueDetector(ClamTissueOptions.Tcga).Detect(image, Mpp);
        var otsu = new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true }).Detect(image, Mpp);

        Assert.Equal(Blocks.Length, fixedLevel.Regions.Count);
        Assert.True(MaskReference.IoU(fixedLevel.Mask, otsu.Mask) >= 0.98, $"IoU {MaskReference.IoU(fixedLevel.Mask, otsu.Mask):F4}");
    }

    [Fact]
    public void Detect_SpecksAloneOnGlass_FindsNothing()
    {
        using var image = PaleBlocksWithSpecks(withBlocks: false);
        var result = new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true }).Detect(image, Mpp);

        Assert.Empty(result.Regions);
    }

    // 20 specks of 8 x 8 px (64 px each, far under a_t) in a grid clear of the blocks.
    private static IEnumerable<(int X, int Y)> Specks()
    {
        for (var i = 0; i < 10; i++)
        {
            yield return (10 + (i * 38), 5);
            yield return (10 + (i * 38), 280);
        }
    }

    // Glass RGB 242; pale eosin with HSV saturation 15-25 (of 255) in 4 x 4 patches; specks of
    // haematoxylin purple (112, 68, 158), saturation 145.
    private static RgbImage PaleBlocksWithSpecks(bool withBlocks = true)
    {
        var image = new RgbImage(Width, Height);
        image.Pixels.Fill(242);
        var random = new Random(11);
        if (withBlocks)
        {
            foreach (var (bx, by) in Blocks)
            {
                for (var y = by; y < by + 80; y += 4)
                {
                    for (var x = bx; x < bx + 100; x += 4)
                    {
                        var drop = (byte)random.Next(15, 26);
                        Fill(image, x, y, 4, 4, 242, (byte)(242 - drop), (byte)(242 - (drop / 2)));
                    }
                }
            }
        }

        foreach (var (x, y) in Specks())
        {
            Fill(image, x, y, 8, 8, 112, 68, 158);
        }

        return image;
    }

    private static void Fill(RgbImage image, int x0, int y0, int w, int h, byte r, byte g, byte b)
    {
        for (var y = y0; y < y0 + h; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x < x0 + w; x++)
            {
                row[3 * x] = r;
                row[(3 * x) + 1] = g;
                row[(3 * x) + 2] = b;
            }
        }
    }
}
