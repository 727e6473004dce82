using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using SlideEmbed.Models;

namespace SlideEmbed.Arrow;

/// <summary>
/// The schema of tile embedding files, version <see cref="Version"/> (docs/FORMAT.md). Columns, all
/// non-null except where said: <c>slide_id</c> utf8; <c>tile_index</c> int32; <c>x</c>, <c>y</c> int64
/// (level-0 pixels, top-left); <c>level0_tile_size</c> int64; <c>read_level</c> int32; <c>read_size</c>
/// int32; <c>target_mpp</c> float64; <c>tissue_fraction</c> float32; <c>read_status</c> uint8
/// (0 ok, 1 read failed); <c>read_error</c> utf8, null when ok; <c>embedding</c>
/// FixedSizeList&lt;float32 or float16&gt;[D], null when the tile could not be read.
/// </summary>
public static class TileEmbeddingSchema
{
    /// <summary>Schema version written to the <c>slideembed.schema_version</c> metadata key.</summary>
    public const string Version = "1";

    /// <summary>Name of the embedding column.</summary>
    public const string EmbeddingColumn = "embedding";

    /// <summary>Builds the schema.</summary>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="precision">Embedding element type.</param>
    /// <param name="metadata">Extra schema metadata (provenance).</param>
    /// <param name="tensorExtension">Mark the embedding column as the canonical <c>arrow.fixed_shape_tensor</c> extension (shape [D]).</param>
    /// <returns>The schema.</returns>
    public static Schema Build(int dimension, ModelPrecision precision, IReadOnlyDictionary<string, string> metadata, bool tensorExtension)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        IArrowType element = precision == ModelPrecision.Fp16 ? HalfFloatType.Default : FloatType.Default;
        var listType = new FixedSizeListType(new Field("item", element, nullable: false), dimension);
        var embeddingMetadata = tensorExtension
            ? new Dictionary<string, string>
            {
                ["ARROW:extension:name"] = "arrow.fixed_shape_tensor",
                ["ARROW:extension:metadata"] = string.Create(CultureInfo.InvariantCulture, $"{{\"shape\":[{dimension}]}}"),
            }
            : null;
        var builder = TileColumns.AddFields(new Schema.Builder())
            .Field(f => f.Name("read_status").DataType(UInt8Type.Default).Nullable(false))
            .Field(f => f.Name("read_error").DataType(StringType.Default).Nullable(true))
            .Field(new Field(EmbeddingColumn, listType, nullable: true, embeddingMetadata))
            .Metadata("slideembed.schema_version", Version);
        foreach (var (key, value) in metadata)
        {
            builder.Metadata(key, value);
        }

        return builder.Build();
    }
}
