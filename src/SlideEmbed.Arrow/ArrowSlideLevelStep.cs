using System.Text.Json.Nodes;
using SlideEmbed.Output;
using SlideEmbed.Pipeline;

namespace SlideEmbed.Arrow;

/// <summary>
/// Reads a tile embedding file, aggregates its readable tiles and writes <c>&lt;id&gt;.slide.arrow</c>,
/// carrying over the tile file's provenance with the aggregator added.
/// </summary>
public sealed class ArrowSlideLevelStep : ISlideLevelStep
{
    private readonly SlideAggregation _aggregation;
    private readonly string _tileEncoder;
    private readonly bool _tensorExtension;

    /// <summary>Creates the step.</summary>
    /// <param name="aggregation">The aggregator.</param>
    /// <param name="tileEncoder">The tile encoder's model name.</param>
    /// <param name="tensorExtension">Annotate the embedding as a fixed-shape tensor.</param>
    public ArrowSlideLevelStep(SlideAggregation aggregation, string tileEncoder, bool tensorExtension)
    {
        _aggregation = aggregation;
        _tileEncoder = tileEncoder;
        _tensorExtension = tensorExtension;
    }

    /// <inheritdoc />
    public string Name => _aggregation.Name + ":" + _aggregation.OutputMode;

    /// <inheritdoc />
    public string PathFor(string outDir, string slideId) => Path.Combine(outDir, slideId + ".slide.arrow");

    /// <inheritdoc />
    public string Write(string tilesFile, string slideId, string outDir)
    {
        var tiles = TileEmbeddingFile.Read(tilesFile);
        var (embedding, used) = Aggregate(tiles, _aggregation, tilesFile);
        var metadata = new Dictionary<string, string>(tiles.Metadata.Where(p => p.Key != "slideembed.schema_version"));
        if (metadata.TryGetValue(Provenance.MetadataKey, out var provenance) && JsonNode.Parse(provenance) is JsonObject doc)
        {
            doc["slide_encoder"] = new JsonObject { ["name"] = _aggregation.Name, ["output_mode"] = _aggregation.OutputMode, ["tiles_file"] = Path.GetFileName(tilesFile) };
            metadata[Provenance.MetadataKey] = doc.ToJsonString();
        }

        var path = PathFor(outDir, slideId);
        SlideEmbeddingFile.Write(path, new SlideEmbeddingRow(slideId, _tileEncoder, _aggregation.Name, _aggregation.OutputMode, used, embedding), metadata, _tensorExtension);
        return path;
    }

    /// <summary>Aggregates the readable tiles of a tile file.</summary>
    /// <param name="tiles">The tile file.</param>
    /// <param name="aggregation">The aggregator.</param>
    /// <param name="source">Path for error messages.</param>
    /// <returns>The slide embedding and the number of tiles used.</returns>
    public static (float[] Embedding, int Used) Aggregate(TileEmbeddingFile tiles, SlideAggregation aggregation, string source)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(aggregation);
        var keep = Enumerable.Range(0, tiles.Count).Where(i => tiles.Ok[i]).ToArray();
        if (keep.Length == 0)
        {
            throw new InvalidDataException($"'{source}' has no readable tiles; a slide embedding needs at least one.");
        }

        var d = tiles.Dimension;
        var data = new float[keep.Length * d];
        var xs = new long[keep.Length];
        var ys = new long[keep.Length];
        for (var k = 0; k < keep.Length; k++)
        {
            tiles.Embeddings.AsSpan(keep[k] * d, d).CopyTo(data.AsSpan(k * d, d));
            xs[k] = tiles.Xs[keep[k]];
            ys[k] = tiles.Ys[keep[k]];
        }

        var embedding = aggregation.AggregateWithGeometry is { } withGeometry
            ? withGeometry(data, keep.Length, d, xs, ys, TileGeometryMetadata.Read(tiles.Metadata, source))
            : aggregation.Aggregate(data, keep.Length, d, xs, ys);
        return (embedding, keep.Length);
    }
}
