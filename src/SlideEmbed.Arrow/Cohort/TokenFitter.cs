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
    /// <exception cref="InvalidDataException">A file is not a tile embedding file, or dimensions or models differ.</exception>
    public static KMeansResult Fit(IReadOnlyList<string> tileFiles, KMeansOptions options, int sampleSize, string outPath, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(tileFiles);
        ArgumentNullException.ThrowIfNull(options);
        ReservoirSample? sample = null;
        string? encoder = null;
        for (var f = 0; f < tileFiles.Count; f++)
        {
            var file = tileFiles[f];
            using var reader = new TileEmbeddingReader(file);
            var fileEncoder = CohortInputs.TileEncoder(reader.Metadata);
            if (encoder is not null && fileEncoder is not null && fileEncoder != encoder)
            {
                throw new InvalidDataException($"'{file}' holds embeddings of '{fileEncoder}' but earlier files hold '{encoder}'; fit one codebook per model folder.");
            }

            encoder ??= fileEncoder;
            sample ??= new ReservoirSample(sampleSize, reader.Dimension, options.Seed);
            if (reader.Dimension != sample.Dimension)
            {
                throw new InvalidDataException($"'{file}' has {reader.Dimension}-dimensional embeddings but earlier files have {sample.Dimension}; fit one codebook per model.");
            }

            while (reader.Next() is { } batch)
            {
                var rows = batch.Embeddings;
                for (var i = 0; i < batch.Count; i++)
                {
                    var row = rows.Slice(i * batch.Dimension, batch.Dimension);
                    if (batch.IsOk(i) && RowMath.IsFinite(row))
                    {
                        sample.Offer(row);
                    }
                }
            }

            log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"read {f + 1}/{tileFiles.Count} files, {sample.Seen} tiles, sample {sample.Count}"));
        }

        if (sample is null || sample.Count == 0)
        {
            throw new InvalidDataException("No readable tile embeddings were found; give the model folders written by 'slideembed embed'.");
        }

        var result = KMeans.Fit(sample.ToArray(), sample.Dimension, options, log);
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
