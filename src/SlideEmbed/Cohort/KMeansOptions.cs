namespace SlideEmbed.Cohort;

/// <summary>Settings of <see cref="KMeans.Fit"/>; validated by <see cref="Validate"/>.</summary>
public sealed class KMeansOptions
{
    /// <summary>Number of clusters (tokens), 2 or more; default 64.</summary>
    public int K { get; init; } = 64;

    /// <summary>Most Lloyd iterations; default 50. Fitting stops earlier when no row changes cluster.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Seed of the k-means++ initialisation (and of the caller's reservoir sample); default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// L2-normalise rows and centroids and cluster by cosine (spherical k-means); default true, which
    /// suits self-supervised features whose norm carries little meaning. False clusters by Euclidean distance.
    /// </summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Threads for assignment; default all processors. Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <param name="rows">Rows that will be clustered.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate(int rows)
    {
        if (K < 2)
        {
            throw new ArgumentException($"--k must be at least 2 (got {K}).");
        }

        if (rows < K)
        {
            throw new ArgumentException($"{rows} embeddings cannot make {K} clusters; lower --k or add slides.");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentException($"--iterations must be at least 1 (got {MaxIterations}).");
        }

        if (Threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1 (got {Threads}).");
        }
    }
}
