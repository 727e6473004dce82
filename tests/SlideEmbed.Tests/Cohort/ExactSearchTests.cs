using SlideEmbed.Cohort;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Cohort;

public sealed class ExactSearchTests
{
    [Theory]
    [InlineData(7, 50, 5)]
    [InlineData(16, 1000, 20)]
    [InlineData(33, 20000, 20)]
    [InlineData(768, 9000, 1)]
    public void ScanParallel_RandomRows_MatchesSortedBruteForce(int dimension, int n, int k)
    {
        var random = new Random(dimension + n);
        var rows = Enumerable.Range(0, n * dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var query = Enumerable.Range(0, dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var expected = Enumerable.Range(0, n)
            .Select(i => (Id: (long)i, Score: ReferenceMath.Cosine(query, rows.AsSpan(i * dimension, dimension))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(k).ToArray();
        var top = new TopK(k);

        ExactSearch.ScanParallel(ExactSearch.UnitQuery(query), rows, 1000, top, threads: 2);

        var hits = top.ToSortedArray();
        Assert.Equal(expected.Length, hits.Length);
        for (var i = 0; i < hits.Length; i++)
        {
            Assert.Equal(expected[i].Score, hits[i].Score, 4);
            // A different id is fine only for a near-tie in float32.
            if (expected[i].Id + 1000 != hits[i].Id)
            {
                Assert.Equal(expected[i].Score, ReferenceMath.Cosine(query, rows.AsSpan((int)(hits[i].Id - 1000) * dimension, dimension)), 5);
            }
        }
    }

    [Fact]
    public void TopK_TiedScores_KeepsSmallestIdsWhateverTheOrder()
    {
        var forward = new TopK(3);
        var backward = new TopK(3);
        for (var i = 0; i < 10; i++)
        {
            forward.Offer(1, i);
            backward.Offer(1, 9 - i);
        }

        Assert.Equal([0L, 1, 2], forward.ToSortedArray().Select(h => h.Id));
        Assert.Equal([0L, 1, 2], backward.ToSortedArray().Select(h => h.Id));
    }

    [Fact]
    public void Scan_ExcludedRowAndZeroRow_NeverReturned()
    {
        float[] rows = [1, 0, 0, 0, 0.9f, 0.1f, 0, 1];
        var top = new TopK(4);

        ExactSearch.Scan(ExactSearch.UnitQuery([1, 0]), rows, 0, top, excludeId: 0);

        Assert.Equal([2L, 3], top.ToSortedArray().Select(h => h.Id));
    }

    [Fact]
    public void UnitQuery_ZeroVector_Throws()
    {
        Assert.Throws<ArgumentException>(() => ExactSearch.UnitQuery([0, 0, 0]));
    }
}
