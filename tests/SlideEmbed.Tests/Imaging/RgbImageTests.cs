using SlideEmbed.Imaging;

namespace SlideEmbed.Tests.Imaging;

public sealed class RgbImageTests
{
    [Fact]
    public void Row_WritesLandInPixelsAtStride()
    {
        using var image = new RgbImage(4, 3);
        image.Pixels.Clear();
        image.Row(2)[3] = 7;
        Assert.Equal(12, image.Stride);
        Assert.Equal(36, image.Pixels.Length);
        Assert.Equal(7, image.Pixels[2 * 12 + 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Row(3));
    }

    [Fact]
    public void Dispose_ThenAccess_Throws()
    {
        var image = new RgbImage(2, 2);
        image.Dispose();
        image.Dispose();
        Assert.Throws<ObjectDisposedException>(() => image.Pixels.Length);
    }
}
