using SlideEmbed.Cohort;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Cohort;

public sealed class KMeansTests
{
    [Fact]
    public void AdjustedRandIndex_KnownExamples_MatchHandComputedValues()
    {
        // Contingency tables worked out by hand from the Hubert-Arabie formula.
        Assert.Equal(1.0, AdjustedRandIndex.Compute([0, 0, 1, 1], [5, 5, 3, 3]), 12);
        Assert.Equal(4.0 / 7, AdjustedRandIndex.Compute([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        Assert.Equal(-0.5, AdjustedRandIndex.Compute([0, 0, 1, 1], [0, 1, 0, 1]), 12);
    }

    [Theory]
    [InlineData(true, 8, 32)]
    [InlineData(false, 8, 32)]
    [InlineData(true, 16, 77)]
    [InlineData(false, 5, 3)]
    public void Fit_WellSeparatedGaussians_RecoversEveryCluster(bool normalize, int k, int dimension)
    {
        var (rows, labels, _) = GaussianBlobs.Generate(k, 300, dimension, separation: 10, spread: 0.5, seed: 11);

        var result = KMeans.Fit(rows, dimension, new KMeansOptions { K = k, Normalize = normalize, Seed = 3, Threads = 2 });

        Assert.True(AdjustedRandIndex.Compute(labels, result.Labels) >= 0.99, $"ARI {AdjustedRandIndex.Compute(labels, result.Labels)}");
        Assert.True(result.Converged);
        Assert.Equal(labels.Length, result.Counts.Sum());
    }

    [Fact]
    public void Fit_WellSeparatedGaussians_CentroidsAreTheClusterMeans()
    {
        const int D = 24;
        var (rows, labels, centres) = GaussianBlobs.Generate(6, 400, D, separation: 10, spread: 0.3, seed: 5);
        var original = (float[])rows.Clone();

        var result = KMeans.Fit(rows, D, new KMeansOptions { K = 6, Normalize = false, Seed = 1, Threads = 1 });

        // Each fitted centroid equals the mean of the rows of the true cluster it captured, and lies near that cluster's centre.
        for (var token = 0; token < 6; token++)
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => result.Labels[i] == token).ToArray();
            var truth = labels[members[0]];
            Assert.All(members, i => Assert.Equal(truth, labels[i]));
            for (var j = 0; j < D; j++)
            {
                var mean = members.Average(i => (double)original[(i * D) + j]);
                Assert.Equal(mean, result.Codebook.Centroid(token)[j], 3);
                Assert.InRange(result.Codebook.Centroid(token)[j] - centres[(truth * D) + j], -0.2, 0.2);
            }
        }
    }

    [Fact]
    public void Fit_SameSeed_IdenticalForAnyThreadCount()
    {
        var (rows, _, _) = GaussianBlobs.Generate(10, 2000, 40, separation: 1, spread: 1, seed: 2);
        KMeansResult Run(int threads, int seed) =>
            KMeans.Fit((float[])rows.Clone(), 40, new KMeansOptions { K = 10, Seed = seed, Threads = threads, MaxIterations = 15 });

        var one = Run(1, 7);
        var again = Run(1, 7);
        var two = Run(2, 7);
        var other = Run(1, 8);

        Assert.Equal(one.Codebook.Centroids.ToArray(), again.Codebook.Centroids.ToArray());
        Assert.Equal(one.Codebook.Centroids.ToArray(), two.Codebook.Centroids.ToArray());
        Assert.Equal(one.Labels, two.Labels);
        Assert.NotEqual(one.Codebook.Centroids.ToArray(), other.Codebook.Centroids.ToArray());
    }

    [Fact]
    public void Fit_FewerRowsThanTokens_ThrowsNamingK()
    {
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(new float[10 * 4], 4, new KMeansOptions { K = 11 }));
        Assert.Contains("--k", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_DuplicateRows_FillsEveryToken()
    {
        // Three distinct points repeated: k = 5 forces empty clusters, which must restart on real rows.
        var rows = new float[300 * 2];
        for (var i = 0; i < 300; i++)
        {
            rows[2 * i] = i % 3;
            rows[(2 * i) + 1] = (i % 3) * (i % 3);
        }

        var result = KMeans.Fit(rows, 2, new KMeansOptions { K = 5, Normalize = false, Seed = 0, Threads = 1 });

        Assert.Equal(300, result.Counts.Sum());
        Assert.Equal(3, result.Labels.Distinct().Count());
        Assert.All(result.Codebook.Centroids.ToArray(), v => Assert.True(float.IsFinite(v)));
    }
}
