using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using SlideEmbed.Cohort;

namespace SlideEmbed.Arrow;

/// <summary>
/// A morphology-token codebook as an Arrow IPC file: one row per token with <c>token</c> int32,
/// <c>count</c> int64 (sampled tiles in the token when fitted) and <c>centroid</c>
/// FixedSizeList&lt;float32&gt;[D]; schema metadata <c>slideembed.codebook</c> holds the fit settings as JSON
/// (<c>normalized</c>, <c>seed</c>, <c>sample_size</c>, <c>tiles_seen</c>, <c>iterations</c>, <c>tile_encoder</c>, ...).
/// </summary>
public static class CodebookFile
{
    /// <summary>Metadata key of the fit settings.</summary>
    public const string MetadataKey = "slideembed.codebook";

    /// <summary>Writes the codebook atomically.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="codebook">The centroids.</param>
    /// <param name="counts">Fitted rows per token.</param>
    /// <param name="settings">Fit settings recorded as JSON; <c>k</c>, <c>dimension</c> and <c>normalized</c> are added.</param>
    public static void Write(string path, Codebook codebook, IReadOnlyList<long> counts, JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(settings);
        settings["k"] = codebook.K;
        settings["dimension"] = codebook.Dimension;
        settings["normalized"] = codebook.Normalized;
        var listType = CohortTables.ListOf(FloatType.Default, codebook.Dimension);
        var schema = CohortTables.Schema(
            [
                new Field("token", Int32Type.Default, nullable: false),
                new Field("count", Int64Type.Default, nullable: false),
                new Field("centroid", listType, nullable: false),
            ],
            new Dictionary<string, string> { [MetadataKey] = settings.ToJsonString() });
        var values = new FloatArray.Builder().AppendRange(codebook.Centroids.ToArray()).Build();
        IArrowArray[] columns =
        [
            new Int32Array.Builder().AppendRange(Enumerable.Range(0, codebook.K)).Build(),
            new Int64Array.Builder().AppendRange(counts).Build(),
            new FixedSizeListArray(listType, codebook.K, values, ArrowBuffer.Empty, 0),
        ];
        CohortTables.Write(path, schema, columns, codebook.K);
    }

    /// <summary>Reads a codebook.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The codebook and its fit settings.</returns>
    /// <exception cref="InvalidDataException">Not a codebook written by <c>slideembed tokens fit</c>; the message names the file.</exception>
    public static (Codebook Codebook, JsonObject Settings) Read(string path)
    {
        const string What = "a codebook written by 'slideembed tokens fit'";
        var (schema, batches) = CohortTables.ReadAll(path, What, "token", "centroid");
        try
        {
            var metadata = CohortTables.Metadata(schema);
            if (!metadata.TryGetValue(MetadataKey, out var json) || JsonNode.Parse(json) is not JsonObject settings)
            {
                throw new InvalidDataException($"'{path}' has no '{MetadataKey}' metadata; it is not {What}.");
            }

            var dimension = ((FixedSizeListType)schema.GetFieldByName("centroid").DataType).ListSize;
            var centroids = new List<float>();
            foreach (var batch in batches)
            {
                var list = (FixedSizeListArray)batch.Column("centroid");
                centroids.AddRange(((FloatArray)list.Values).Values.Slice(list.Offset * dimension, batch.Length * dimension).ToArray());
            }

            var k = centroids.Count / dimension;
            if (k < 1)
            {
                throw new InvalidDataException($"'{path}' holds no tokens; it is not {What}.");
            }

            var normalized = settings["normalized"]?.GetValue<bool>() ?? true;
            return (new Codebook(centroids.ToArray(), k, dimension, normalized), settings);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}
