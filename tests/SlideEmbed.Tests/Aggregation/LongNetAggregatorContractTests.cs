using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>The contract for the LongNet encoder (a small generated model; released-size numbers are checked elsewhere).</summary>
public sealed class LongNetAggregatorContractTests : SlideAggregatorContractTests
{
    private static readonly Lazy<LongNetSlideEncoder> s_encoder = new(() => TinyLongNet.Create());

    protected override ISlideAggregator CreateAggregator() => s_encoder.Value;

    [Fact]
    public void Aggregate_DefaultOptions_ReturnsTheConfiguredOutput()
    {
        var encoder = s_encoder.Value;
        var (f, xs, ys) = TinyLongNet.Slide(12, TinyLongNet.InputDimension);

        var aggregated = encoder.Aggregate(f, 12, TinyLongNet.InputDimension, xs, ys);

        Assert.Equal(encoder.Encode(f, 12, xs, ys, LongNetOutput.LayerMean(2)), aggregated);
        Assert.Equal("gigapath-slide", encoder.Name);
        Assert.Equal(TinyLongNet.Width, encoder.OutputDimension);
    }
}
