using System.Text.Json.Nodes;
using SlideEmbed.Aggregation;
using SlideEmbed.Geometry;
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
    public string Write(SlideEmbeddingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write(result.TilesFile, result.SlideId, Path.GetDirectoryName(Path.GetFullPath(result.TilesFile))!, result.Resolution.Mpp);
    }

    /// <summary>Aggregates a tile file into <c>&lt;outDir&gt;/&lt;slideId&gt;.slide.arrow</c>, atomically.</summary>
    /// <param name="tilesFile">The complete tile embedding file.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="outDir">Folder of the slide file.</param>
    /// <param name="slideMpp">The slide's level-0 resolution, or null when unknown.</param>
    /// <returns>The slide file written.</returns>
    public string Write(string tilesFile, string slideId, string outDir, MicronsPerPixel? slideMpp)
    {
        var tiles = TileEmbeddingFile.Read(tilesFile);
        var (embedding, used) = Aggregate(tiles, _aggregation, tilesFile, slideMpp);
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
    /// <param name="slideMpp">The slide's level-0 resolution, or null when unknown.</param>
    /// <returns>The slide embedding and the number of tiles used.</returns>
    public static (float[] Embedding, int Used) Aggregate(TileEmbeddingFile tiles, SlideAggregation aggregation, string source, MicronsPerPixel? slideMpp)
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

        return (aggregation.Aggregate(data, keep.Length, d, xs, ys, slideMpp), keep.Length);
    }
}
