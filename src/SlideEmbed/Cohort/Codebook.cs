namespace SlideEmbed.Cohort;

/// <summary>
/// A vocabulary of morphology tokens: <see cref="K"/> centroids of tile embeddings. A tile's token is
/// the index of its nearest centroid, by cosine when <see cref="Normalized"/> (rows are L2-normalised
/// before comparing) or else by Euclidean distance.
/// </summary>
/// <remarks>Immutable; safe to share across threads.</remarks>
public sealed class Codebook
{
    private readonly float[] _centroids;
    private readonly Lazy<CentroidScorer> _scorer;

    /// <summary>Creates a codebook from centroids (copied).</summary>
    /// <param name="centroids"><c>k x dimension</c> row-major.</param>
    /// <param name="k">Number of tokens.</param>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="normalized">Whether tokens compare by cosine.</param>
    public Codebook(ReadOnlySpan<float> centroids, int k, int dimension, bool normalized)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (centroids.Length != (long)k * dimension)
        {
            throw new ArgumentException($"{k} centroids of {dimension} values need {(long)k * dimension} floats; got {centroids.Length}.", nameof(centroids));
        }

        K = k;
        Dimension = dimension;
        Normalized = normalized;
        _centroids = centroids.ToArray();
        _scorer = new Lazy<CentroidScorer>(() => new CentroidScorer(_centroids, K, Dimension, Normalized));
    }

    /// <summary>Number of tokens.</summary>
    public int K { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>Whether rows are L2-normalised and compared by cosine.</summary>
    public bool Normalized { get; }

    /// <summary>The centroids, <c>K x Dimension</c> row-major (unit rows when <see cref="Normalized"/>).</summary>
    public ReadOnlySpan<float> Centroids => _centroids;

    /// <summary>One centroid.</summary>
    /// <param name="token">Token index.</param>
    /// <returns>Its <see cref="Dimension"/> values.</returns>
    public ReadOnlySpan<float> Centroid(int token) => _centroids.AsSpan(token * Dimension, Dimension);

    /// <summary>
    /// Assigns rows to their nearest token. A row with a NaN or an infinity (an unread tile) gets token
    /// -1 and distance NaN. Results do not depend on <paramref name="threads"/>.
    /// </summary>
    /// <param name="rows"><c>n x Dimension</c> row-major; not modified.</param>
    /// <param name="tokens">n token indices.</param>
    /// <param name="distances">n distances: <c>1 - cosine</c> when <see cref="Normalized"/>, else Euclidean.</param>
    /// <param name="threads">Threads to use.</param>
    public unsafe void Assign(ReadOnlySpan<float> rows, Span<int> tokens, Span<float> distances, int threads = 1)
    {
        var n = rows.Length / Dimension;
        if (rows.Length != (long)n * Dimension || tokens.Length < n || distances.Length < n)
        {
            throw new ArgumentException($"Assigning {rows.Length} values of {Dimension}-dimensional rows needs {n} tokens and distances.");
        }

        fixed (float* x = rows)
        fixed (int* t = tokens)
        fixed (float* d = distances)
        {
            _scorer.Value.Assign(x, n, t, d, threads);
        }
    }
}
