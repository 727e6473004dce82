using Apache.Arrow;
using Apache.Arrow.Ipc;
using SlideEmbed.Output;
using SlideEmbed.Tiling;

namespace SlideEmbed.Arrow;

/// <summary>
/// The tile table of one slide as an Arrow IPC file: one row per tile with its level-0 position and
/// how it is read. Columns (all non-null): <c>slide_id</c> utf8, <c>tile_index</c> int32, <c>x</c> and
/// <c>y</c> int64 (level-0 pixels, top-left), <c>level0_tile_size</c> int64, <c>read_level</c> int32,
/// <c>read_size</c> int32, <c>target_mpp</c> float64, <c>tissue_fraction</c> float32. Schema metadata
/// carries the caller's provenance key/values.
/// </summary>
public static class TileTableFile
{
    /// <summary>Builds the schema with the given metadata.</summary>
    /// <param name="metadata">Schema-level key/values (provenance).</param>
    /// <returns>The schema.</returns>
    public static Schema BuildSchema(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var builder = TileColumns.AddFields(new Schema.Builder());
        foreach (var (key, value) in metadata)
        {
            builder.Metadata(key, value);
        }

        return builder.Build();
    }

    /// <summary>Writes the tile table atomically.</summary>
    /// <param name="path">Target file (conventionally <c>*.tiles.arrow</c>).</param>
    /// <param name="slideId">The slide's id, repeated in every row.</param>
    /// <param name="grid">The tiles.</param>
    /// <param name="metadata">Provenance key/values for the schema metadata.</param>
    public static void Write(string path, string slideId, TileGrid grid, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var schema = BuildSchema(metadata);
        var n = grid.Tiles.Count;
        var columns = TileColumns.Build(slideId, grid, grid.Tiles);
        using var batch = new RecordBatch(schema, columns, n);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ArrowFileWriter(stream, schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        });
    }
}
