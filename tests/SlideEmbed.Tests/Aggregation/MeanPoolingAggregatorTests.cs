using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

public sealed class MeanPoolingAggregatorTests : SlideAggregatorContractTests
{
    protected override ISlideAggregator CreateAggregator() => new MeanPoolingAggregator(24);

    [Fact]
    public void Aggregate_ThreeTiles_ElementwiseMean()
    {
        var result = new MeanPoolingAggregator(2).Aggregate([1f, 10f, 2f, 20f, 6f, -30f], 3, 2, [0, 0, 0], [0, 0, 0]);

        Assert.Equal([3f, 0f], result);
        Assert.Equal("mean", new MeanPoolingAggregator(2).Name);
    }

    [Fact]
    public void Aggregate_ShuffledTiles_SameResult()
    {
        var (f, xs, ys) = TinyLongNet.Slide(9, 24);
        var reversed = new float[f.Length];
        for (var t = 0; t < 9; t++)
        {
            f.AsSpan(t * 24, 24).CopyTo(reversed.AsSpan((8 - t) * 24, 24));
        }

        var aggregator = new MeanPoolingAggregator(24);
        var a = aggregator.Aggregate(f, 9, 24, xs, ys);
        var b = aggregator.Aggregate(reversed, 9, 24, xs, ys);

        for (var d = 0; d < 24; d++)
        {
            Assert.Equal(a[d], b[d], 6);
        }
    }

    [Fact]
    public void Constructor_NonPositiveDimension_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MeanPoolingAggregator(0));
}
