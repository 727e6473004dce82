using SlideEmbed.Encoders;

namespace SlideEmbed.Cli.Tests.Commands;

public sealed class CompareCommandTests
{
    [Fact]
    public void Compare_KnownPerturbation_MatchesByPositionWithExactBounds()
    {
        // a: tiles at (0,0), (1,0), (2,0); b: the same tiles in another order, one missing, one extra.
        (long, long)[] pa = [(0, 0), (1, 0), (2, 0)];
        float[] ea = [3, 4, 1, 0, 0, 2];
        (long, long)[] pb = [(2, 0), (9, 9), (0, 0)];
        float[] eb = [0, 2, 5, 5, 3, 4.5f];

        var r = EmbeddingAgreement.Compare(2, (pa, ea), (pb, eb));

        // (0,0): [3,4] vs [3,4.5] -> abs 0.5, cosine (9 + 18) / (5 * sqrt(29.25)); (2,0): identical.
        Assert.Equal(2, r.Matched);
        Assert.Equal(0.5, r.MaxAbs, 6);
        Assert.Equal(27 / (5 * Math.Sqrt(29.25)), r.MinCosine, 6);
    }

    [Fact]
    public void Compare_NoSharedPosition_NothingMatched()
    {
        var r = EmbeddingAgreement.Compare(1, ([(0, 0)], [1f]), ([(1, 1)], [1f]));

        Assert.Equal(0, r.Matched);
        Assert.True(double.IsNaN(r.MinCosine));
    }

    [Fact]
    public void Compare_MissingFile_OneErrorLineExit2()
    {
        var (code, _, error) = CliRunner.Run("compare", "/nonexistent/a.tiles.arrow", "/nonexistent/b.tiles.arrow");

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }
}
