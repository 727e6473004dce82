using SlideEmbed.Geometry;

namespace SlideEmbed.Tests.Geometry;

public sealed class MicronsPerPixelTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_NonPositiveOrNonFinite_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MicronsPerPixel(value, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MicronsPerPixel(1, value));
    }

    [Fact]
    public void AtDownsample_ScalesBothAxes()
    {
        var mpp = new MicronsPerPixel(0.25, 0.5).AtDownsample(4);
        Assert.Equal(1.0, mpp.X);
        Assert.Equal(2.0, mpp.Y);
        Assert.Equal("1 x 2", mpp.ToString());
        Assert.Equal("0.2527", MicronsPerPixel.Isotropic(0.2527).ToString());
    }

    [Fact]
    public void SlideLevel_Conversions_RoundTowardNegativeInfinity()
    {
        var level = new SlideLevel(2, 75, 62, 4.0161290322580641);
        Assert.Equal(24, level.FromLevel0(100));
        Assert.Equal(-1, level.FromLevel0(-1));
        Assert.Equal(96, level.ToLevel0(24));
    }
}
