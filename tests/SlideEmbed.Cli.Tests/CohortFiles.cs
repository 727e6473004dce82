using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.Output;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// A synthetic cohort written with the real tile-file writer: slides of 10 x 8 tiles of 100 level-0
/// pixels on a 1000 x 800 slide, tile_index row-major. Embeddings come from a function of the tile's
/// column and row, so every expectation is known without running the code under test.
/// </summary>
internal static class CohortFiles
{
    public const int Columns = 10;
    public const int Rows = 8;
    public const int TileSize = 100;

    /// <summary>The quadrant of a tile (0-3): its true cluster in <see cref="WriteQuadrantCohort"/>.</summary>
    public static int Quadrant(int tileIndex) => (tileIndex % Columns / 5) + (2 * (tileIndex / Columns / 4));

    /// <summary>
    /// Slides s0..s(n-1) whose tiles are drawn around four well-separated centres, one per quadrant; in
    /// s1 tile 7 could not be read.
    /// </summary>
    public static string WriteQuadrantCohort(string folder, int slides, int dimension, int seed = 1)
    {
        var (_, _, centres) = GaussianBlobs.Generate(4, 1, dimension, separation: 10, spread: 0, seed);
        var random = new Random(seed);
        for (var s = 0; s < slides; s++)
        {
            var unread = s == 1 ? 7 : -1;
            Write(folder, $"s{s}", dimension, unread, i =>
                [.. Enumerable.Range(0, dimension).Select(j => centres[(Quadrant(i) * dimension) + j] + (float)(GaussianBlobs.Normal(random) * 0.3))]);
        }

        return folder;
    }

    /// <summary>Writes one slide's tile file; <paramref name="embedding"/> gives tile i's vector.</summary>
    public static string Write(string folder, string slideId, int dimension, int unreadTile, Func<int, float[]> embedding)
    {
        var tiles = Enumerable.Range(0, Columns * Rows).Select(i => new Tile(i, (long)(i % Columns) * TileSize, (long)(i / Columns) * TileSize, 1f)).ToArray();
        var grid = new TileGrid
        {
            Level0Mpp = MicronsPerPixel.Isotropic(0.5), TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = TileSize, Level0TileSize = TileSize, Level0Stride = TileSize,
            ReadLevel = 0, ReadDownsample = 1, EdgeAtReadLevelPx = TileSize, GridSize = (Columns, Rows), Tiles = tiles,
        };
        var provenance = new JsonObject
        {
            ["slide_id"] = slideId,
            ["config"] = new JsonObject
            {
                ["slide_width"] = Columns * TileSize, ["slide_height"] = Rows * TileSize,
                ["model"] = new JsonObject { ["name"] = "synthetic", ["dimension"] = dimension },
            },
        };
        var path = Path.Combine(folder, slideId + ".tiles.arrow");
        using var writer = new TileEmbeddingFileWriter(path, slideId, grid, dimension, ModelPrecision.Fp32, new Dictionary<string, string> { [Provenance.MetadataKey] = provenance.ToJsonString() });
        foreach (var tile in tiles)
        {
            if (tile.Index == unreadTile)
            {
                writer.Add(tile, [], "synthetic read error");
            }
            else
            {
                writer.Add(tile, embedding(tile.Index), null);
            }
        }

        writer.Commit();
        return path;
    }
}
