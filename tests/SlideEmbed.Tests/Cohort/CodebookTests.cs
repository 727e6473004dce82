using SlideEmbed.Cohort;

namespace SlideEmbed.Tests.Cohort;

public sealed class CodebookTests
{
    [Theory]
    [InlineData(1, 7, 1, true)]
    [InlineData(15, 3, 8, false)]
    [InlineData(16, 16, 129, true)]
    [InlineData(17, 17, 300, false)]
    [InlineData(33, 64, 257, true)]
    [InlineData(768, 20, 140, false)]
    public void Assign_RandomRows_MatchesBruteForceInDouble(int dimension, int k, int n, bool normalized)
    {
        var random = new Random((dimension * 31) + k);
        var centroids = Enumerable.Range(0, k * dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        if (normalized)
        {
            RowMath.NormalizeRows(centroids, dimension);
        }

        var rows = Enumerable.Range(0, n * dimension).Select(_ => (float)((random.NextDouble() - 0.5) * 3)).ToArray();
        var codebook = new Codebook(centroids, k, dimension, normalized);
        var tokens = new int[n];
        var distances = new float[n];

        codebook.Assign(rows, tokens, distances, threads: 2);

        for (var i = 0; i < n; i++)
        {
            var (best, bestDistance, second) = BruteForce(rows.AsSpan(i * dimension, dimension), centroids, k, normalized);
            // Near-ties may flip in float32; only clear winners are compared by token.
            if (second - bestDistance > 1e-3)
            {
                Assert.Equal(best, tokens[i]);
            }

            Assert.Equal(bestDistance, distances[i], 2e-3);
        }
    }

    [Fact]
    public void Assign_RowWithNaN_GetsNoToken()
    {
        var codebook = new Codebook([1, 0, 0, 1], 2, 2, normalized: true);
        var tokens = new int[3];
        var distances = new float[3];

        codebook.Assign([0, 2, float.NaN, 1, 3, 0.1f], tokens, distances);

        Assert.Equal([1, -1, 0], tokens);
        Assert.True(float.IsNaN(distances[1]));
        Assert.Equal(0, distances[0], 6);
    }

    private static (int Best, double Distance, double Second) BruteForce(ReadOnlySpan<float> row, float[] centroids, int k, bool normalized)
    {
        var d = row.Length;
        var norm = Math.Sqrt(row.ToArray().Sum(v => (double)v * v));
        var distances = new double[k];
        for (var j = 0; j < k; j++)
        {
            double dot = 0, squared = 0;
            for (var i = 0; i < d; i++)
            {
                var x = normalized ? row[i] / norm : row[i];
                dot += x * centroids[(j * d) + i];
                squared += (x - centroids[(j * d) + i]) * (x - centroids[(j * d) + i]);
            }

            distances[j] = normalized ? 1 - dot : Math.Sqrt(squared);
        }

        var order = Enumerable.Range(0, k).OrderBy(j => distances[j]).ToArray();
        return (order[0], distances[order[0]], k > 1 ? distances[order[1]] : double.PositiveInfinity);
    }
}
