using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

public sealed class MaxPoolingAggregatorTests : SlideAggregatorContractTests
{
    protected override ISlideAggregator CreateAggregator() => new MaxPoolingAggregator(24);

    [Fact]
    public void Aggregate_ThreeTiles_ElementwiseMaximum()
    {
        var result = new MaxPoolingAggregator(3).Aggregate([1f, -5f, 0f, 2f, -7f, -1f, -3f, -6f, 0.5f], 3, 3, [0, 0, 0], [0, 0, 0]);

        Assert.Equal([2f, -5f, 0.5f], result);
        Assert.Equal("max", new MaxPoolingAggregator(3).Name);
    }

    [Fact]
    public void Aggregate_NaNInOneTile_PropagatesInThatElement()
    {
        var result = new MaxPoolingAggregator(2).Aggregate([1f, float.NaN, 2f, 3f], 2, 2, [0, 0], [0, 0]);

        Assert.Equal(2f, result[0]);
        Assert.True(float.IsNaN(result[1]));
    }
}
