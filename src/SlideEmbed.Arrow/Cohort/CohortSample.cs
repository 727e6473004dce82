using System.Globalization;
using SlideEmbed.Cohort;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>A seeded reservoir sample of the readable tile embeddings of a cohort's tile files, read in file order.</summary>
public static class CohortSample
{
    /// <summary>Streams the files into a sample.</summary>
    /// <param name="tileFiles">Tile embedding files, in a fixed order (the sample depends on it).</param>
    /// <param name="sampleSize">Tiles kept at most.</param>
    /// <param name="seed">Seed of the sampling.</param>
    /// <param name="log">Progress lines; may be null.</param>
    /// <returns>The sample and the tile encoder named by the files' provenance (null when none does).</returns>
    /// <exception cref="InvalidDataException">A file is not a tile file, files disagree on the dimension or model, or no tile is readable.</exception>
    public static (ReservoirSample Sample, string? TileEncoder) Draw(IReadOnlyList<string> tileFiles, int sampleSize, int seed, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(tileFiles);
        ReservoirSample? sample = null;
        string? encoder = null;
        for (var f = 0; f < tileFiles.Count; f++)
        {
            var file = tileFiles[f];
            using var reader = new TileEmbeddingReader(file);
            var fileEncoder = CohortInputs.TileEncoder(reader.Metadata);
            if (encoder is not null && fileEncoder is not null && fileEncoder != encoder)
            {
                throw new InvalidDataException($"'{file}' holds embeddings of '{fileEncoder}' but earlier files hold '{encoder}'; give one model folder at a time.");
            }

            encoder ??= fileEncoder;
            sample ??= new ReservoirSample(sampleSize, reader.Dimension, seed);
            if (reader.Dimension != sample.Dimension)
            {
                throw new InvalidDataException($"'{file}' has {reader.Dimension}-dimensional embeddings but earlier files have {sample.Dimension}; give one model folder at a time.");
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

        return (sample, encoder);
    }
}
