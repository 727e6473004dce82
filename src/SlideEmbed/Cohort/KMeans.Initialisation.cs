using System.Numerics.Tensors;

namespace SlideEmbed.Cohort;

/// <content>k-means++ seeding.</content>
public static partial class KMeans
{
    /// <summary>
    /// k-means++: the first centroid is a uniformly chosen row, each next one a row drawn with
    /// probability proportional to its squared distance to the nearest centroid chosen so far.
    /// </summary>
    private static float[] InitialCentroids(float[] rows, int n, int d, int k, int seed, int threads)
    {
        var random = new Random(seed);
        var centroids = new float[k * d];
        var nearest = new float[n];
        Array.Fill(nearest, float.PositiveInfinity);
        var chosen = random.Next(n);
        for (var j = 0; j < k; j++)
        {
            rows.AsSpan(chosen * d, d).CopyTo(centroids.AsSpan(j * d, d));
            if (j == k - 1)
            {
                break;
            }

            var centroid = centroids.AsMemory(j * d, d);
            Parallel.For(0, (n + ChunkRows - 1) / ChunkRows, new ParallelOptions { MaxDegreeOfParallelism = threads }, c =>
            {
                var end = Math.Min(n, (c + 1) * ChunkRows);
                var center = centroid.Span;
                for (var i = c * ChunkRows; i < end; i++)
                {
                    var distance = TensorPrimitives.Distance<float>(rows.AsSpan(i * d, d), center);
                    nearest[i] = MathF.Min(nearest[i], distance * distance);
                }
            });

            var total = 0.0;
            foreach (var value in nearest)
            {
                total += value;
            }

            if (!(total > 0))
            {
                // Every row equals a chosen centroid: any row is as good as another.
                chosen = random.Next(n);
                continue;
            }

            var target = random.NextDouble() * total;
            var cumulative = 0.0;
            chosen = n - 1;
            for (var i = 0; i < n; i++)
            {
                cumulative += nearest[i];
                if (cumulative > target)
                {
                    chosen = i;
                    break;
                }
            }
        }

        return centroids;
    }
}
