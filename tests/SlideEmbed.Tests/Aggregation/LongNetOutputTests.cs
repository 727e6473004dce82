using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

public sealed class LongNetOutputTests
{
    [Theory]
    [InlineData("cls", LongNetOutputKind.Cls, -1)]
    [InlineData("mean", LongNetOutputKind.Mean, -1)]
    [InlineData("layer-mean:11", LongNetOutputKind.LayerMean, 11)]
    [InlineData("layer-cls:0", LongNetOutputKind.LayerCls, 0)]
    [InlineData(" Layer-Mean:3 ", LongNetOutputKind.LayerMean, 3)]
    public void Parse_Name_KindAndLayer(string text, LongNetOutputKind kind, int layer)
    {
        var output = LongNetOutput.Parse(text);

        Assert.Equal(kind, output.Kind);
        Assert.Equal(layer, output.Layer);
        Assert.Equal(output, LongNetOutput.Parse(output.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("layer-mean")]
    [InlineData("layer-mean:")]
    [InlineData("layer-mean:-1")]
    [InlineData("layer-mean:1.5")]
    [InlineData("pooled")]
    public void Parse_BadName_ThrowsListingTheNames(string text)
    {
        var e = Assert.Throws<FormatException>(() => LongNetOutput.Parse(text));
        Assert.Contains("layer-mean:N", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_IsTridentsLayerMean11_AndDefaultValueIsCls()
    {
        Assert.Equal("layer-mean:11", LongNetOutput.TridentDefault.ToString());
        Assert.Equal(LongNetOutput.Cls, default);
        Assert.Equal("cls", default(LongNetOutput).ToString());
    }
}
