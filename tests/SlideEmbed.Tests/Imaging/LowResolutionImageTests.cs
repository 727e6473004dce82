using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Imaging;

public sealed class LowResolutionImageTests
{
    private static RgbColor Pattern(long x, long y) => new((byte)(x % 251), (byte)(y % 241), (byte)((x / 7 + y / 5) % 256));

    [Fact]
    public void Read_SingleLevelSlide_BoxAveragesLevelZeroInStripesWithBoundedReads()
    {
        // 0.25 um/px, no pyramid: factor floor(8 / 0.25) = 32.
        using var slide = new InMemorySlide(3000, 2000, [1], Pattern);

        using var low = LowResolutionImage.Read(slide, MicronsPerPixel.Isotropic(0.25), new LowResolutionOptions { StripePixels = 64 * 1024 });

        Assert.Equal((0, 32), (low.Level, low.Factor));
        Assert.Equal(32, low.Downsample);
        Assert.Equal(MicronsPerPixel.Isotropic(8), low.Mpp);
        Assert.Equal((94, 63), (low.Image.Width, low.Image.Height)); // ceil(3000/32), ceil(2000/32)
        Assert.True(slide.LargestRead <= 64 * 1024);
        foreach (var (i, j) in new[] { (0, 0), (5, 7), (93, 62), (50, 20) })
        {
            double r = 0, g = 0, b = 0;
            var n = 0;
            for (var y = j * 32; y < Math.Min(2000, (j + 1) * 32); y++)
            {
                for (var x = i * 32; x < Math.Min(3000, (i + 1) * 32); x++)
                {
                    var c = Pattern(x, y);
                    r += c.R;
                    g += c.G;
                    b += c.B;
                    n++;
                }
            }

            var row = low.Image.Row(j);
            Assert.Equal((int)Math.Round(r / n, MidpointRounding.AwayFromZero), row[i * 3], 1.0);
            Assert.Equal((int)Math.Round(g / n, MidpointRounding.AwayFromZero), row[(i * 3) + 1], 1.0);
            Assert.Equal((int)Math.Round(b / n, MidpointRounding.AwayFromZero), row[(i * 3) + 2], 1.0);
        }
    }

    [Fact]
    public void Read_PyramidWithLevelNearTarget_ReadsThatLevelDirectly()
    {
        using var slide = new InMemorySlide(8000, 6000, [1, 4, 16, 64], Pattern);

        using var low = LowResolutionImage.Read(slide, MicronsPerPixel.Isotropic(0.5));

        // Level mpps 0.5, 2, 8, 32: level 2 (8 um/px) is the coarsest <= 16.
        Assert.Equal((2, 1), (low.Level, low.Factor));
        Assert.Equal((500, 375), (low.Image.Width, low.Image.Height));
        Assert.Equal(Pattern(16 * 123, 16 * 45).R, low.Image.Row(45)[123 * 3]);
    }

    [Fact]
    public void Read_CoarseLevelBelowTarget_CombinesLevelAndFactor()
    {
        using var slide = new InMemorySlide(8000, 6000, [1, 4], Pattern);

        using var low = LowResolutionImage.Read(slide, MicronsPerPixel.Isotropic(0.25));

        // Level 1 is 1 um/px: factor 8, downsample 32.
        Assert.Equal((1, 8, 32.0), (low.Level, low.Factor, low.Downsample));
        Assert.Equal((250, 188), (low.Image.Width, low.Image.Height));
    }
}
