using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.Tiling;

namespace SlideEmbed.Cli.Tests;

/// <summary>Tile embedding files written directly, with chosen failed rows and provenance.</summary>
internal static class TileFiles
{
    /// <summary>Provenance naming a tile encoder: the least <c>aggregate</c> needs.</summary>
    public static string MinimalProvenance(string model, int dimension) =>
        "{\"config\": {\"model\": {\"name\": \"" + model + "\", \"dimension\": " + dimension.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}}}";

    /// <summary>
    /// Writes <c>&lt;dir&gt;/&lt;slideId&gt;.tiles.arrow</c>: tile i at (10 i, 7 i), embedding
    /// <c>(i % 64) + k / 8</c> (exact in float16), failed where <paramref name="fails"/> says.
    /// </summary>
    public static string Write(string dir, string slideId, int rows, int dimension, ModelPrecision precision, Func<int, bool> fails, string? provenance)
    {
        var tiles = Enumerable.Range(0, rows).Select(i => new Tile(i, 10L * i, 7L * i, 1f)).ToArray();
        var grid = new TileGrid
        {
            Level0Mpp = MicronsPerPixel.Isotropic(0.5), TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 4, Level0TileSize = 4, Level0Stride = 4,
            ReadLevel = 0, ReadDownsample = 1, EdgeAtReadLevelPx = 4, GridSize = (rows, 1), Tiles = tiles,
        };
        var metadata = provenance is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["slideembed.provenance"] = provenance };
        var path = Path.Combine(dir, slideId + ".tiles.arrow");
        using var writer = new TileEmbeddingFileWriter(path, slideId, grid, dimension, precision, metadata);
        var embedding = new float[dimension];
        foreach (var tile in tiles)
        {
            for (var k = 0; k < dimension; k++)
            {
                embedding[k] = Value(tile.Index, k);
            }

            writer.Add(tile, fails(tile.Index) ? default : embedding, fails(tile.Index) ? "unreadable" : null);
        }

        writer.Commit();
        return path;
    }

    /// <summary>Embedding value k of tile i.</summary>
    public static float Value(int i, int k) => (i % 64) + (k / 8f);
}
