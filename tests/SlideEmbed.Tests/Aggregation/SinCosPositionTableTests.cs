using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

public sealed class SinCosPositionTableTests
{
    [Fact]
    public void Embedding_Origin_SinesZeroCosinesOne()
    {
        var e = new SinCosPositionTable(16, 10).Embedding(0, 0);

        Assert.Equal([0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f], e);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(999, 0)]
    [InlineData(0, 999)]
    [InlineData(417, 123)]
    public void Embedding_Cell_RowHalfFirstThenColumnHalf(int column, int row)
    {
        const int d = 768;
        var e = new SinCosPositionTable(d, 1000).Embedding(column, row);

        for (var k = 0; k < d / 4; k++)
        {
            var omega = 1.0 / Math.Pow(10000, k / (d / 4.0));
            Assert.Equal((float)Math.Sin(row * omega), e[k]);
            Assert.Equal((float)Math.Cos(row * omega), e[(d / 4) + k]);
            Assert.Equal((float)Math.Sin(column * omega), e[(d / 2) + k]);
            Assert.Equal((float)Math.Cos(column * omega), e[(3 * d / 4) + k]);
        }
    }

    [Fact]
    public void Constructor_WidthNotMultipleOf4_Throws() =>
        Assert.Throws<ArgumentException>(() => new SinCosPositionTable(18, 10));
}
