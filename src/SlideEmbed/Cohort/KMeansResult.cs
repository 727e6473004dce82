namespace SlideEmbed.Cohort;

/// <summary>What <see cref="KMeans.Fit"/> found.</summary>
/// <param name="Codebook">The centroids.</param>
/// <param name="Labels">Each fitted row's token.</param>
/// <param name="Counts">Rows per token.</param>
/// <param name="Iterations">Lloyd iterations run.</param>
/// <param name="Converged">Whether the last iteration changed no row's token.</param>
public sealed record KMeansResult(Codebook Codebook, int[] Labels, long[] Counts, int Iterations, bool Converged);
