using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class PenMarkDetectorTests
{
    [Theory]
    [InlineData(40, 70, 160, true)] // blue marker
    [InlineData(40, 110, 170, true)] // cyan-blue marker
    [InlineData(60, 150, 80, true)] // green marker
    [InlineData(30, 30, 40, true)] // black marker
    [InlineData(225, 150, 195, false)] // eosin
    [InlineData(150, 100, 180, false)] // haematoxylin
    [InlineData(90, 80, 160, false)] // dense nuclei, hue 247.5
    [InlineData(120, 130, 180, false)] // bluish haematoxylin, hue 230 but saturation 85
    [InlineData(150, 150, 195, false)] // lavender, hue 240
    [InlineData(236, 234, 238, false)] // glass
    public void Detect_SinglePixel_ClassifiesInk(byte r, byte g, byte b, bool ink)
    {
        using var image = new RgbImage(1, 1);
        image.Pixels[0] = r;
        image.Pixels[1] = g;
        image.Pixels[2] = b;
        Assert.Equal(ink, PenMarkDetector.Detect(image, PenMarkOptions.Default, MicronsPerPixel.Isotropic(16))[0, 0]);
    }

    [Fact]
    public void Detect_Margin_DilatesByMicrons()
    {
        using var image = new RgbImage(11, 11);
        image.Pixels.Fill(236);
        image.Row(5)[15] = 40;
        image.Row(5)[16] = 70;
        image.Row(5)[17] = 160;
        Assert.Equal(25, PenMarkDetector.Detect(image, PenMarkOptions.Default, MicronsPerPixel.Isotropic(16)).CountForeground());
        Assert.Equal(1, PenMarkDetector.Detect(image, PenMarkOptions.Default with { MarginMicrons = 0 }, MicronsPerPixel.Isotropic(16)).CountForeground());
        Assert.Equal(0, PenMarkDetector.Detect(image, PenMarkOptions.Default with { Blue = false }, MicronsPerPixel.Isotropic(16)).CountForeground());
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PenMarkOptions.Default with { BlueHueMax = 400 });
        Assert.Throws<ArgumentOutOfRangeException>(() => PenMarkOptions.Default with { BlackMaxValue = 256 });
        Assert.Throws<ArgumentOutOfRangeException>(() => PenMarkOptions.Default with { MarginMicrons = -1 });
        using var image = new RgbImage(1, 1);
        Assert.Throws<ArgumentException>(() => PenMarkDetector.Detect(image, PenMarkOptions.Default with { GreenHueMin = 200 }, MicronsPerPixel.Isotropic(16)));
    }
}
