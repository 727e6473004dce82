using SlideEmbed.Imaging;

namespace SlideEmbed.Tests.Imaging;

public sealed class PremultipliedArgbTests
{
    private static uint Argb(uint a, uint r, uint g, uint b) => (a << 24) | (r << 16) | (g << 8) | b;

    [Fact]
    public void ToRgb_OpaquePixel_KeepsColour()
    {
        var rgb = new byte[3];
        PremultipliedArgb.ToRgb([Argb(255, 10, 20, 30)], rgb, RgbColor.White);
        Assert.Equal(new byte[] { 10, 20, 30 }, rgb);
    }

    [Fact]
    public void ToRgb_TransparentPixel_GetsBackground()
    {
        var rgb = new byte[3];
        PremultipliedArgb.ToRgb([0u], rgb, new RgbColor(1, 2, 3));
        Assert.Equal(new byte[] { 1, 2, 3 }, rgb);
    }

    [Fact]
    public void ToRgb_HalfTransparent_UnpremultipliesThenCompositesOnBackground()
    {
        // Premultiplied red 100 at alpha 128: straight = 255*100/128 = 199 (truncated);
        // on white: (199*128 + 255*127 + 127) / 255 = (25472 + 32385 + 127) / 255 = 227.
        var rgb = new byte[3];
        PremultipliedArgb.ToRgb([Argb(128, 100, 0, 128)], rgb, RgbColor.White);
        Assert.Equal(227, rgb[0]);
        Assert.Equal((0 * 128 + 255 * 127 + 127) / 255, rgb[1]);
        Assert.Equal((255 * 128 + 255 * 127 + 127) / 255, rgb[2]);
    }

    [Fact]
    public void ToRgb_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => PremultipliedArgb.ToRgb([0u, 0u], new byte[5], RgbColor.White));
    }

    [Theory]
    [InlineData("FFFFFF", 255, 255, 255)]
    [InlineData("#0a1B2c", 10, 27, 44)]
    public void TryParseHex_ValidColour_Parses(string text, byte r, byte g, byte b)
    {
        Assert.True(RgbColor.TryParseHex(text, out var c));
        Assert.Equal(new RgbColor(r, g, b), c);
    }

    [Theory]
    [InlineData("")]
    [InlineData("FFF")]
    [InlineData("GGGGGG")]
    [InlineData(null)]
    public void TryParseHex_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(RgbColor.TryParseHex(text, out _));
    }
}
