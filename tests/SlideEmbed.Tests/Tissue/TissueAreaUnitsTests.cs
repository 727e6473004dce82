using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class TissueAreaUnitsTests
{
    [Theory]
    [InlineData(1, 0.25, 262144)] // one 512 x 512 patch at 40x
    [InlineData(16, 16, 1024)] // tcga a_t at the 64x level of a 40x slide
    [InlineData(4, 8, 1024)]
    [InlineData(0, 3, 0)]
    public void ReferenceSquaresToPixels_ScalesByPhysicalArea(double squares, double mpp, double expected)
    {
        Assert.Equal(expected, TissueAreaUnits.ReferenceSquaresToPixels(squares, mpp), 9);
    }

    [Fact]
    public void RescalePixels_HalfResolution_QuarterCount()
    {
        Assert.Equal(15, TissueAreaUnits.RescalePixels(60, 8, 16), 9);
        Assert.Equal(20000, TissueAreaUnits.RescalePixels(5000, 8, 4), 9);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ReferenceSquaresToPixels_BadResolution_Throws(double mpp)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TissueAreaUnits.ReferenceSquaresToPixels(1, mpp));
    }
}
