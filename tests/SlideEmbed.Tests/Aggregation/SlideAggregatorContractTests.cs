using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>Behaviour every <see cref="ISlideAggregator"/> must show; one subclass per implementation.</summary>
public abstract class SlideAggregatorContractTests
{
    /// <summary>Creates the aggregator under test.</summary>
    protected abstract ISlideAggregator CreateAggregator();

    [Fact]
    public void Aggregate_SeveralTiles_ReturnsOutputDimensionFiniteValues()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(50, aggregator.InputDimension);

        var result = aggregator.Aggregate(f, 50, aggregator.InputDimension, xs, ys);

        Assert.Equal(aggregator.OutputDimension, result.Length);
        Assert.All(result, v => Assert.True(float.IsFinite(v)));
        Assert.False(string.IsNullOrWhiteSpace(aggregator.Name));
    }

    [Fact]
    public void Aggregate_OneTile_ReturnsOutputDimension()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(1, aggregator.InputDimension);

        Assert.Equal(aggregator.OutputDimension, aggregator.Aggregate(f, 1, aggregator.InputDimension, xs, ys).Length);
    }

    [Fact]
    public void Aggregate_EmptySlide_ThrowsEmptySlideException()
    {
        var aggregator = CreateAggregator();

        var e = Assert.Throws<EmptySlideException>(() => aggregator.Aggregate([], 0, aggregator.InputDimension, [], []));
        Assert.Contains("no tiles", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_WrongDimension_ThrowsNamingExpectedAndActual()
    {
        var aggregator = CreateAggregator();
        var wrong = aggregator.InputDimension + 3;
        var (f, xs, ys) = TinyLongNet.Slide(4, wrong);

        var e = Assert.Throws<ArgumentException>(() => aggregator.Aggregate(f, 4, wrong, xs, ys));
        Assert.Contains($"expected {aggregator.InputDimension}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"got {wrong}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aggregate_TooFewValues_Throws()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(4, aggregator.InputDimension);

        Assert.Throws<ArgumentException>(() => aggregator.Aggregate(f.AsSpan(1).ToArray(), 4, aggregator.InputDimension, xs, ys));
    }

    [Fact]
    public void Aggregate_CoordinateCountMismatch_Throws()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(4, aggregator.InputDimension);

        Assert.Throws<ArgumentException>(() => aggregator.Aggregate(f, 4, aggregator.InputDimension, xs.AsSpan(1), ys));
    }

    [Fact]
    public void Aggregate_SameInputTwice_IdenticalAndInputUntouched()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(30, aggregator.InputDimension);
        var copy = f.ToArray();

        var a = aggregator.Aggregate(f, 30, aggregator.InputDimension, xs, ys);
        var b = aggregator.Aggregate(f, 30, aggregator.InputDimension, xs, ys);

        Assert.Equal(a, b);
        Assert.Equal(copy, f);
    }

    [Fact]
    public async Task Aggregate_Concurrently_SameAsSequential()
    {
        var aggregator = CreateAggregator();
        var (f, xs, ys) = TinyLongNet.Slide(40, aggregator.InputDimension);
        var expected = aggregator.Aggregate(f, 40, aggregator.InputDimension, xs, ys);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => aggregator.Aggregate(f, 40, aggregator.InputDimension, xs, ys), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
