using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.Tests.Aggregation;
using SlideEmbed.Tiling;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>aggregate-inputs</c>: tile embedding files for measuring <c>slideembed aggregate</c> (peak memory,
/// time) under <c>/usr/bin/time -v</c>, and a <c>gigapath-slide</c> manifest with random released-size
/// weights beside them. Tiles lie on a 100-column grid of 256 px cells, inside the encoder's position grid.
/// </summary>
internal static class AggregateInputs
{
    private const int Columns = 100;
    private const long Cell = 256;

    /// <summary>Writes <c>&lt;data&gt;/aggregate-&lt;tiles&gt;x&lt;files&gt;/</c> unless it is complete; returns its path.</summary>
    public static string Run(BenchArgs args, BenchData data)
    {
        var tiles = args.Int("tiles", 50_000);
        var files = args.Int("files", 1);
        var dimension = args.Int("dim", 1536);
        var model = args.String("model", "gigapath-tile");
        var folder = Path.Combine(data.Folder, string.Create(CultureInfo.InvariantCulture, $"aggregate-{tiles}x{files}"));
        Directory.CreateDirectory(folder);
        for (var f = 0; f < files; f++)
        {
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"slide{f:D2}.tiles.arrow"));
            if (!File.Exists(path))
            {
                Write(path, Path.GetFileName(path).Replace(".tiles.arrow", string.Empty, StringComparison.Ordinal), tiles, dimension, model, f);
            }
        }

        WriteSlideEncoder(folder, data);
        return folder;
    }

    private static void Write(string path, string slideId, int count, int dimension, string model, int seed)
    {
        var tiles = Enumerable.Range(0, count).Select(i => new Tile(i, Cell * (i % Columns), Cell * (i / Columns), 1f)).ToArray();
        var grid = new TileGrid
        {
            Level0Mpp = MicronsPerPixel.Isotropic(0.5), TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 256, Level0TileSize = Cell, Level0Stride = Cell,
            ReadLevel = 0, ReadDownsample = 1, EdgeAtReadLevelPx = 256, GridSize = (Columns, (count / Columns) + 1), Tiles = tiles,
        };

        // The provenance fields every SlideEmbed version's aggregate reads.
        var provenance = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["target_mpp"] = 0.5,
                ["tile_size"] = 256,
                ["model"] = new JsonObject { ["name"] = model, ["source"] = "bench", ["trained"] = false, ["onnx_file"] = model + ".onnx", ["dimension"] = dimension },
            },
        };
        var metadata = new Dictionary<string, string> { ["slideembed.provenance"] = provenance.ToJsonString() };
        using var writer = new TileEmbeddingFileWriter(path, slideId, grid, dimension, ModelPrecision.Fp32, metadata);
        var embedding = new float[dimension];
        var random = new Random(seed);
        foreach (var tile in tiles)
        {
            for (var k = 0; k < dimension; k++)
            {
                embedding[k] = (float)(random.NextDouble() - 0.5);
            }

            writer.Add(tile, embedding, null);
        }

        writer.Commit();
    }

    /// <summary><c>gigapath-slide-random.json</c>: the shipped manifest with the benchmark's random weights.</summary>
    private static void WriteSlideEncoder(string folder, BenchData data)
    {
        var weights = Path.Combine(data.Folder, "gigapath-slide-random.safetensors");
        if (!File.Exists(weights))
        {
            var (bytes, _) = SplitMixGenerator.StateDictBytes(20240522, 1536, 768, 12, 3072);
            File.WriteAllBytes(weights + ".partial", bytes);
            File.Move(weights + ".partial", weights, overwrite: true);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(BenchData.RepositoryRoot(), "manifests", "gigapath-slide.json")))!.AsObject();
        manifest["name"] = "gigapath-slide-random";
        manifest["weights"]!["file"] = weights;
        File.WriteAllText(Path.Combine(folder, "gigapath-slide-random.json"), manifest.ToJsonString());
    }
}
