using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.Output;
using SlideEmbed.Tiling;

namespace SlideEmbed.Bench;

/// <summary>
/// A synthetic cohort of tile embedding files for the cohort benchmarks: tiles drawn around
/// <see cref="Centres"/> random centres (coordinates N(0, 1)) with N(0, <see cref="Spread"/>) noise, so
/// nearest neighbours are mostly tiles of the same centre, as morphologically similar tiles are.
/// Written once under the data folder with the real tile-file writer; seeded, so every run reads the same.
/// </summary>
internal static class CohortData
{
    public const int Centres = 4096;
    public const double Spread = 1.5;
    private const int Seed = 20261204;

    public static string Ensure(BenchData data, int tiles, int dimension, int slides, Report report)
    {
        var folder = Path.Combine(data.Folder, string.Create(CultureInfo.InvariantCulture, $"cohort-{tiles}x{dimension}-{slides}"));
        var done = Path.Combine(folder, ".complete");
        if (File.Exists(done))
        {
            return folder;
        }

        Directory.CreateDirectory(folder);
        report.Line($"  writing the synthetic cohort ({tiles} tiles x {dimension} in {slides} slides) to {folder}");
        var centres = CentreTable(dimension);
        var perSlide = tiles / slides;
        var side = (int)Math.Ceiling(Math.Sqrt(perSlide));
        Parallel.For(0, slides, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
        {
            var random = new Random(Seed + s + 1);
            var count = s == slides - 1 ? tiles - (perSlide * (slides - 1)) : perSlide;
            var grid = new TileGrid
            {
                Level0Mpp = MicronsPerPixel.Isotropic(0.5), TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 224, Level0TileSize = 224, Level0Stride = 224,
                ReadLevel = 0, ReadDownsample = 1, EdgeAtReadLevelPx = 224, GridSize = (side, (count + side - 1) / side),
                Tiles = [.. Enumerable.Range(0, count).Select(i => new Tile(i, (long)(i % side) * 224, (long)(i / side) * 224, 1f))],
            };
            var provenance = new JsonObject { ["config"] = new JsonObject { ["model"] = new JsonObject { ["name"] = "synthetic" } } };
            var slideId = string.Create(CultureInfo.InvariantCulture, $"slide{s:D4}");
            using var writer = new TileEmbeddingFileWriter(Path.Combine(folder, slideId + ".tiles.arrow"), slideId, grid, dimension, ModelPrecision.Fp32, new Dictionary<string, string> { [Provenance.MetadataKey] = provenance.ToJsonString() });
            var row = new float[dimension];
            foreach (var tile in grid.Tiles)
            {
                Fill(row, centres, random);
                writer.Add(tile, row, null);
            }

            writer.Commit();
        });
        File.WriteAllText(done, string.Empty);
        return folder;
    }

    /// <summary>Reads every embedding of the cohort into one array (for the in-memory index comparison).</summary>
    public static float[] Load(IReadOnlyList<string> files, int tiles, int dimension)
    {
        var all = new float[(long)tiles * dimension];
        long at = 0;
        foreach (var file in files)
        {
            using var reader = new TileEmbeddingReader(file);
            while (reader.Next() is { } batch)
            {
                batch.Embeddings.CopyTo(all.AsSpan((int)at));
                at += batch.Embeddings.Length;
            }
        }

        return all;
    }

    /// <summary>The same model generated in memory with another spread (for the index comparison).</summary>
    public static float[] Generate(int tiles, int dimension, double spread)
    {
        var centres = CentreTable(dimension);
        var all = new float[(long)tiles * dimension];
        const int Chunk = 16384;
        Parallel.For(0, (tiles + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var random = new Random(Seed + 1_000_000 + c);
            var row = new float[dimension];
            for (var i = c * Chunk; i < Math.Min(tiles, (c + 1) * Chunk); i++)
            {
                Fill(row, centres, random, spread);
                row.CopyTo(all.AsSpan(i * dimension, dimension));
            }
        });
        return all;
    }

    private static float[] CentreTable(int dimension)
    {
        var random = new Random(Seed);
        var centres = new float[Centres * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)Normal(random);
        }

        return centres;
    }

    private static void Fill(float[] row, float[] centres, Random random, double spread = Spread)
    {
        var c = random.Next(Centres) * row.Length;
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = centres[c + j] + (float)(Normal(random) * spread);
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
