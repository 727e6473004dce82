using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class TileBrightnessFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(64)]
    [InlineData(1001)]
    [InlineData(224 * 224 * 3)]
    public void MeanBrightness_RandomBytes_EqualsScalarMean(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var expected = bytes.Sum(b => (double)b) / length;
        Assert.Equal(expected, TileBrightnessFilter.MeanBrightness(bytes), 9);
    }

    [Theory]
    [InlineData(245, TileBrightness.NearWhite)]
    [InlineData(231, TileBrightness.NearWhite)]
    [InlineData(230, TileBrightness.Content)]
    [InlineData(150, TileBrightness.Content)]
    [InlineData(25, TileBrightness.Content)]
    [InlineData(10, TileBrightness.NearBlack)]
    public void Classify_UniformTile_ByMeanThresholds(byte level, TileBrightness expected)
    {
        var tile = Enumerable.Repeat(level, 16 * 16 * 3).ToArray();
        Assert.Equal(expected, TileBrightnessFilter.Default.Classify(tile));
        Assert.Equal(expected != TileBrightness.Content, TileBrightnessFilter.Default.IsBackground(tile));
    }

    [Fact]
    public void Classify_CustomThresholds_Apply()
    {
        var filter = new TileBrightnessFilter { WhiteThreshold = 200, BlackThreshold = 50 };
        Assert.Equal(TileBrightness.NearWhite, filter.Classify(Enumerable.Repeat((byte)210, 30).ToArray()));
        Assert.Equal(TileBrightness.NearBlack, filter.Classify(Enumerable.Repeat((byte)40, 30).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TileBrightnessFilter { WhiteThreshold = 300 });
    }
}
