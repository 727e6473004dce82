namespace SlideEmbed.TestSupport;

/// <summary>
/// Synthetic embeddings with a known clustering: k isotropic Gaussian clusters around random centres,
/// rows in shuffled order, seeded (Box-Muller over <see cref="Random"/>).
/// </summary>
public static class GaussianBlobs
{
    /// <summary>Draws the rows.</summary>
    /// <param name="k">Clusters.</param>
    /// <param name="perCluster">Rows per cluster.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="separation">Standard deviation of the centres' coordinates.</param>
    /// <param name="spread">Standard deviation of rows around their centre.</param>
    /// <param name="seed">Seed.</param>
    /// <returns>Row-major rows, each row's cluster, and the centres.</returns>
    public static (float[] Rows, int[] Labels, float[] Centres) Generate(int k, int perCluster, int dimension, double separation, double spread, int seed)
    {
        var random = new Random(seed);
        var centres = new float[k * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)(Normal(random) * separation);
        }

        var n = k * perCluster;
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var rows = new float[n * dimension];
        var labels = new int[n];
        for (var r = 0; r < n; r++)
        {
            var cluster = order[r] % k;
            labels[r] = cluster;
            for (var j = 0; j < dimension; j++)
            {
                rows[(r * dimension) + j] = centres[(cluster * dimension) + j] + (float)(Normal(random) * spread);
            }
        }

        return (rows, labels, centres);
    }

    /// <summary>A standard normal draw.</summary>
    /// <param name="random">The generator.</param>
    /// <returns>The draw.</returns>
    public static double Normal(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
