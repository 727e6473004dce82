using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>
/// The slide-level embedding file: one row per slide with <c>slide_id</c> utf8, <c>tile_encoder</c> utf8,
/// <c>slide_encoder</c> utf8, <c>output_mode</c> utf8, <c>tile_count</c> int32 and <c>embedding</c>
/// FixedSizeList&lt;float32&gt;[D]; schema metadata carries provenance like the tile files (docs/FORMAT.md).
/// </summary>
public static class SlideEmbeddingFile
{
    /// <summary>Schema version written to <c>slideembed.schema_version</c>.</summary>
    public const string Version = "1";

    /// <summary>Writes the file atomically.</summary>
    /// <param name="path">Target (conventionally <c>&lt;id&gt;.slide.arrow</c>).</param>
    /// <param name="row">The slide's row.</param>
    /// <param name="metadata">Schema metadata (provenance).</param>
    /// <param name="tensorExtension">Annotate the embedding as <c>arrow.fixed_shape_tensor</c>.</param>
    public static void Write(string path, SlideEmbeddingRow row, IReadOnlyDictionary<string, string> metadata, bool tensorExtension = false)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(metadata);
        var d = row.Embedding.Length;
        var listType = new FixedSizeListType(new Field("item", FloatType.Default, nullable: false), d);
        var fieldMeta = tensorExtension
            ? new Dictionary<string, string> { ["ARROW:extension:name"] = "arrow.fixed_shape_tensor", ["ARROW:extension:metadata"] = $"{{\"shape\":[{d}]}}" }
            : null;
        var builder = new Schema.Builder()
            .Field(f => f.Name("slide_id").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("tile_encoder").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("slide_encoder").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("output_mode").DataType(StringType.Default).Nullable(false))
            .Field(f => f.Name("tile_count").DataType(Int32Type.Default).Nullable(false))
            .Field(new Field("embedding", listType, nullable: false, fieldMeta))
            .Metadata("slideembed.schema_version", Version);
        foreach (var (k, v) in metadata)
        {
            builder.Metadata(k, v);
        }

        var schema = builder.Build();
        var values = new FloatArray.Builder().AppendRange(row.Embedding).Build();
        IArrowArray[] columns =
        [
            new StringArray.Builder().Append(row.SlideId).Build(),
            new StringArray.Builder().Append(row.TileEncoder).Build(),
            new StringArray.Builder().Append(row.SlideEncoder).Build(),
            new StringArray.Builder().Append(row.OutputMode).Build(),
            new Int32Array.Builder().Append(row.TileCount).Build(),
            new FixedSizeListArray(listType, 1, values, ArrowBuffer.Empty, 0),
        ];
        using var batch = new RecordBatch(schema, columns, 1);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new ArrowFileWriter(stream, schema, leaveOpen: true);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        });
    }
}
