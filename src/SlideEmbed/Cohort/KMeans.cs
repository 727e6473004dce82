using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <summary>
/// K-means over rows held in memory (a reservoir sample of a cohort): seeded k-means++ initialisation
/// (Arthur and Vassilvitskii, 2007), then Lloyd iterations until no row changes cluster. With
/// <see cref="KMeansOptions.Normalize"/> it is spherical k-means: unit rows, centroids renormalised
/// after each mean, cosine assignment.
/// </summary>
/// <remarks>
/// Deterministic for a seed: assignment is per row, and centroid sums are accumulated per fixed chunk
/// of rows and combined in chunk order, so neither depends on the thread count.
/// </remarks>
public static partial class KMeans
{
    /// <summary>Rows per partial sum; fixed so sums do not depend on threads.</summary>
    private const int ChunkRows = 8192;

    /// <summary>Clusters <paramref name="rows"/>.</summary>
    /// <param name="rows"><c>n x dimension</c> row-major; L2-normalised in place when <see cref="KMeansOptions.Normalize"/>. Rows must be finite.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="options">Settings.</param>
    /// <param name="log">Receives one line per iteration; may be null.</param>
    /// <returns>The codebook, labels and counts.</returns>
    /// <exception cref="ArgumentException">Bad settings or too few rows.</exception>
    public static KMeansResult Fit(float[] rows, int dimension, KMeansOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        var n = rows.Length / dimension;
        options.Validate(n);
        if (options.Normalize)
        {
            RowMath.NormalizeRows(rows.AsSpan(0, n * dimension), dimension);
        }

        var k = options.K;
        var centroids = InitialCentroids(rows, n, dimension, k, options.Seed, options.Threads);
        var labels = new int[n];
        Array.Fill(labels, -1);
        var next = new int[n];
        var distances = new float[n];
        var counts = new long[k];
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations)
        {
            var codebook = new Codebook(centroids, k, dimension, options.Normalize);
            codebook.Assign(rows.AsSpan(0, n * dimension), next, distances, options.Threads);
            iterations++;
            var changed = 0;
            for (var i = 0; i < n; i++)
            {
                changed += next[i] != labels[i] ? 1 : 0;
            }

            (labels, next) = (next, labels);
            centroids = Means(rows, labels, distances, n, dimension, k, options, counts);
            log?.Invoke($"iteration {iterations}: {changed} of {n} rows changed token");
            if (changed == 0)
            {
                converged = true;
                break;
            }
        }

        // The labels belong to the centroids they were assigned to; the final means move them only
        // when the loop stopped before converging, so assign once more to keep labels and codebook consistent.
        var final = new Codebook(centroids, k, dimension, options.Normalize);
        if (!converged)
        {
            final.Assign(rows.AsSpan(0, n * dimension), labels, distances, options.Threads);
            Array.Clear(counts);
            foreach (var label in labels)
            {
                counts[label]++;
            }
        }

        return new KMeansResult(final, labels, counts, iterations, converged);
    }

    private static float[] Means(float[] rows, int[] labels, float[] distances, int n, int d, int k, KMeansOptions options, long[] counts)
    {
        var chunks = (n + ChunkRows - 1) / ChunkRows;
        var partialSums = new float[chunks][];
        var partialCounts = new long[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, c =>
        {
            var sums = new float[k * d];
            var cnt = new long[k];
            var end = Math.Min(n, (c + 1) * ChunkRows);
            for (var i = c * ChunkRows; i < end; i++)
            {
                var label = labels[i];
                TensorPrimitives.Add(sums.AsSpan(label * d, d), rows.AsSpan(i * d, d), sums.AsSpan(label * d, d));
                cnt[label]++;
            }

            partialSums[c] = sums;
            partialCounts[c] = cnt;
        });

        var total = new double[k * d];
        Array.Clear(counts);
        for (var c = 0; c < chunks; c++)
        {
            var sums = partialSums[c];
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += sums[i];
            }

            for (var j = 0; j < k; j++)
            {
                counts[j] += partialCounts[c][j];
            }
        }

        var centroids = new float[k * d];
        var used = new HashSet<int>();
        for (var j = 0; j < k; j++)
        {
            var centroid = centroids.AsSpan(j * d, d);
            if (counts[j] == 0)
            {
                // An empty cluster restarts at the row farthest from its centroid (ties: lowest row).
                var far = FarthestUnused(distances, used);
                used.Add(far);
                rows.AsSpan(far * d, d).CopyTo(centroid);
                continue;
            }

            for (var i = 0; i < d; i++)
            {
                centroid[i] = (float)(total[(j * d) + i] / counts[j]);
            }

            if (options.Normalize)
            {
                RowMath.NormalizeRow(centroid);
            }
        }

        return centroids;
    }

    private static int FarthestUnused(float[] distances, HashSet<int> used)
    {
        var best = -1;
        for (var i = 0; i < distances.Length; i++)
        {
            if (!used.Contains(i) && (best < 0 || distances[i] > distances[best]))
            {
                best = i;
            }
        }

        return Math.Max(best, 0);
    }
}
