using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Cohort;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>
/// Fits a morphology codebook on a cohort: streams every readable tile embedding of the files into a
/// seeded reservoir sample (memory bounded by the sample, not the cohort), then runs k-means on it.
/// </summary>
public static class TokenFitter
{
    /// <summary>Fits the codebook and writes it atomically.</summary>
    /// <param name="tileFiles">Tile embedding files, in a fixed order (the sample depends on it).</param>
    /// <param name="options">K-means settings (its seed also seeds the sample).</param>
    /// <param name="sampleSize">Tiles sampled at most.</param>
    /// <param name="outPath">The codebook file.</param>
    /// <param name="log">Progress lines; may be null.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="InvalidDataException">A file is not a tile embedding file, dimensions or models differ, or no tile is readable.</exception>
    public static KMeansResult Fit(IReadOnlyList<string> tileFiles, KMeansOptions options, int sampleSize, string outPath, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(tileFiles);
        ArgumentNullException.ThrowIfNull(options);
        var (sample, encoder) = CohortSample.Draw(tileFiles, sampleSize, options.Seed, log);
        var result = KMeans.Fit(sample.Take(), sample.Dimension, options, log);
        var settings = new JsonObject
        {
            ["tool"] = "slideembed",
            ["tool_version"] = Output.Provenance.ToolVersion,
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["tile_encoder"] = encoder,
            ["seed"] = options.Seed,
            ["sample_size"] = sampleSize,
            ["tiles_seen"] = sample.Seen,
            ["tiles_sampled"] = sample.Count,
            ["slides"] = tileFiles.Count,
            ["iterations"] = result.Iterations,
            ["converged"] = result.Converged,
        };
        CodebookFile.Write(outPath, result.Codebook, result.Counts, settings);
        return result;
    }
}
