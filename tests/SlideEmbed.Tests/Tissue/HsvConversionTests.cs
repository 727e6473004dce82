using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class HsvConversionTests
{
    [Theory]
    [InlineData(255, 0, 0, 255)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(200, 200, 200, 0)]
    [InlineData(128, 64, 64, 128)] // 127.5 rounds up
    [InlineData(236, 234, 238, 4)]
    [InlineData(225, 150, 195, 85)]
    public void Saturation_KnownColours_RoundedOpenCvScale(byte r, byte g, byte b, byte expected)
    {
        Assert.Equal(expected, HsvConversion.Saturation(r, g, b));
    }

    [Theory]
    [InlineData(255, 0, 0, 0)]
    [InlineData(0, 255, 0, 120)]
    [InlineData(0, 0, 255, 240)]
    [InlineData(255, 0, 255, 300)]
    [InlineData(255, 0, 128, 329.88235294117646)]
    [InlineData(9, 9, 9, 0)]
    public void HueDegrees_KnownColours(byte r, byte g, byte b, double expected)
    {
        Assert.Equal(expected, HsvConversion.HueDegrees(r, g, b), 9);
    }

    [Fact]
    public void Saturation_RandomPixels_EqualsRoundedFormula()
    {
        var random = new Random(17);
        for (var i = 0; i < 20000; i++)
        {
            byte r = (byte)random.Next(256), g = (byte)random.Next(256), b = (byte)random.Next(256);
            int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
            var expected = max == 0 ? 0 : (int)Math.Floor((255.0 * (max - min) / max) + 0.5);
            Assert.Equal(expected, HsvConversion.Saturation(r, g, b));
        }
    }

    [Fact]
    public void SaturationAndValue_Image_MatchesPerPixel()
    {
        using var image = new RgbImage(17, 3);
        new Random(5).NextBytes(image.Pixels);
        var (s, v) = HsvConversion.SaturationAndValue(image);
        var p = image.Pixels;
        for (var i = 0; i < 17 * 3; i++)
        {
            Assert.Equal(HsvConversion.Saturation(p[3 * i], p[(3 * i) + 1], p[(3 * i) + 2]), s.Data[i]);
            Assert.Equal(Math.Max(p[3 * i], Math.Max(p[(3 * i) + 1], p[(3 * i) + 2])), v.Data[i]);
        }

        Assert.Equal(s.Data, HsvConversion.Saturation(image).Data);
    }
}
