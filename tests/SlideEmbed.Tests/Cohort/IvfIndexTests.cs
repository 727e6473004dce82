using SlideEmbed.Cohort;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Cohort;

public sealed class IvfIndexTests
{
    [Fact]
    public void Search_ProbingEveryToken_EqualsExactSearch()
    {
        const int D = 20;
        var (rows, _, _) = GaussianBlobs.Generate(8, 250, D, separation: 2, spread: 1, seed: 4);
        var fit = KMeans.Fit((float[])rows.Clone(), D, new KMeansOptions { K = 8, Seed = 0, Threads = 1 });
        var tokens = new int[2000];
        fit.Codebook.Assign(rows, tokens, new float[2000]);
        var index = new IvfIndex(fit.Codebook, tokens);
        var query = ExactSearch.UnitQuery(rows.AsSpan(5 * D, D));
        var exact = new TopK(20);
        var ivf = new TopK(20);

        ExactSearch.Scan(query, rows, 0, exact);
        index.Search(query, rows, 8, ivf);

        Assert.Equal(exact.ToSortedArray(), ivf.ToSortedArray());
    }

    [Fact]
    public void Search_OneProbe_ReturnsOnlyRowsOfTheNearestToken()
    {
        const int D = 16;
        var (rows, _, _) = GaussianBlobs.Generate(4, 100, D, separation: 5, spread: 0.5, seed: 9);
        var fit = KMeans.Fit((float[])rows.Clone(), D, new KMeansOptions { K = 4, Seed = 0, Threads = 1 });
        var tokens = new int[400];
        fit.Codebook.Assign(rows, tokens, new float[400]);
        var index = new IvfIndex(fit.Codebook, tokens);
        var query = ExactSearch.UnitQuery(rows.AsSpan(0, D));
        var top = new TopK(400);

        index.Search(query, rows, 1, top);

        Assert.Equal(tokens[0], index.NearestTokens(query, 1)[0]);
        Assert.Equal(tokens.Count(t => t == tokens[0]), top.Count);
        Assert.All(top.ToSortedArray(), h => Assert.Equal(tokens[0], tokens[h.Id]));
    }
}
