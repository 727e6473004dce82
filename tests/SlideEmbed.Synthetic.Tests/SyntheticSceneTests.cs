using SlideEmbed.Imaging;
using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic.Tests;

public sealed class SyntheticSceneTests
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.7)]
    [InlineData(0.5)]
    public void RenderTissueMask_EveryPixel_EqualsIsTissueAtItsCentre(double downsample)
    {
        var scene = TestScenes.Mixed();
        var width = (int)Math.Ceiling(500 / downsample);
        var height = (int)Math.Ceiling(300 / downsample);

        var mask = scene.RenderTissueMask(width, height, downsample);

        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                var expected = scene.IsTissue((i + 0.5) * downsample, (j + 0.5) * downsample);
                Assert.True(expected == (mask[(j * width) + i] == 1), $"pixel ({i}, {j}) at downsample {downsample}");
            }
        }
    }

    [Fact]
    public void RenderTissueMask_WithOffset_EqualsSameWindowOfFullMask()
    {
        var scene = TestScenes.Mixed();
        var full = scene.RenderTissueMask(500, 300, 1);

        var window = scene.RenderTissueMask(123, 45, 200, 100, 1);

        for (var j = 0; j < 100; j++)
        {
            Assert.Equal(full.AsSpan(((45 + j) * 500) + 123, 200).ToArray(), window.AsSpan(j * 200, 200).ToArray());
        }
    }

    [Fact]
    public void RenderTissueMask_PixelCount_ApproximatesAnalyticArea()
    {
        var shape = new TissueShape(
            new EllipseContour(500, 400, 300, 200),
            [new PolygonContour([(400, 350), (600, 350), (600, 450), (400, 450)])]);
        var scene = new SyntheticScene([shape], new RgbColor(243, 243, 243), TissueColors.HematoxylinEosin, 0);

        var mask = scene.RenderTissueMask(1000, 800, 1);

        Assert.Equal(shape.Area, mask.Count(b => b == 1), shape.Area * 0.005);
        Assert.Equal((Math.PI * 300 * 200) - 20_000, shape.Area, 6);
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(37, 11, 1.0)]
    [InlineData(5, 3, 4.0)]
    [InlineData(2, 1, 2.5)]
    public void RenderRegion_EveryPixel_EqualsExpectedColorAtItsCentre(long left, long top, double downsample)
    {
        var scene = TestScenes.Mixed();
        const int width = 160;
        const int height = 90;
        var rgb = new byte[width * height * 3];

        scene.RenderRegion(left, top, width, height, downsample, rgb);

        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                var expected = scene.ExpectedColor((left + i + 0.5) * downsample, (top + j + 0.5) * downsample);
                var o = ((j * width) + i) * 3;
                Assert.True(expected == new RgbColor(rgb[o], rgb[o + 1], rgb[o + 2]), $"pixel ({i}, {j}): expected {expected}, got {new RgbColor(rgb[o], rgb[o + 1], rgb[o + 2])}");
            }
        }
    }

    [Fact]
    public void ExpectedColor_OffTissueAndInHole_IsBackgroundColour()
    {
        var scene = TestScenes.Mixed();

        Assert.Equal(new RgbColor(243, 243, 243), scene.ExpectedColor(5, 295));
        Assert.Equal(new RgbColor(243, 243, 243), scene.ExpectedColor(300, 150)); // inside the circular hole
    }

    [Fact]
    public void ExpectedColor_Tissue_IsTexturedAndSaturated()
    {
        var scene = TestScenes.Mixed();
        var colours = new HashSet<RgbColor>();
        for (var y = 0.5; y < 300; y += 1)
        {
            for (var x = 0.5; x < 500; x += 1)
            {
                if (!scene.IsTissue(x, y))
                {
                    continue;
                }

                var c = scene.ExpectedColor(x, y);
                colours.Add(c);
                Assert.True(TissueColors.Saturation(c) >= scene.TissueColors.MinimumSaturation);
            }
        }

        Assert.True(colours.Count >= 20, $"only {colours.Count} distinct tissue colours");
    }

    [Fact]
    public void ExpectedColor_DifferentSeeds_DifferentTexture()
    {
        var a = TestScenes.Mixed(seed: 1);
        var b = TestScenes.Mixed(seed: 2);
        var differ = 0;
        for (var x = 240.5; x < 260; x += 1)
        {
            differ += a.ExpectedColor(x, 150.5) != b.ExpectedColor(x, 150.5) ? 1 : 0;
        }

        Assert.True(differ > 5);
    }
}
