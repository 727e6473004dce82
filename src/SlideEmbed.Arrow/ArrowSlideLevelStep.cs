using SlideEmbed.Aggregation;
using SlideEmbed.Geometry;
using SlideEmbed.Pipeline;

namespace SlideEmbed.Arrow;

/// <summary>
/// Reads a tile embedding file once (its readable tiles, in row order), aggregates them and writes
/// <c>&lt;id&gt;.slide.arrow</c>, carrying over the tile file's metadata (provenance, digest, tile file id) with the
/// aggregator added. <c>embed</c>, <c>watch</c> and <c>aggregate</c> write slide files through it.
/// </summary>
/// <param name="aggregation">The aggregator.</param>
/// <param name="tileEncoder">The tile encoder's model name.</param>
/// <param name="tensorExtension">Annotate the embedding as a fixed-shape tensor.</param>
public sealed class ArrowSlideLevelStep(SlideAggregation aggregation, string tileEncoder, bool tensorExtension) : ISlideLevelStep
{
    /// <inheritdoc />
    public string Name => aggregation.Name + ":" + aggregation.OutputMode;

    /// <inheritdoc />
    public string PathFor(string outDir, string slideId) => Path.Combine(outDir, slideId + ".slide.arrow");

    /// <inheritdoc />
    public string Write(SlideEmbeddingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tiles = ReadableTileEmbeddings.Read(result.TilesFile);
        return Write(tiles, result.TilesFile, result.SlideId, Path.GetDirectoryName(Path.GetFullPath(result.TilesFile))!, result.Resolution.Mpp);
    }

    /// <summary>Aggregates tiles read from <paramref name="tilesFile"/> into <c>&lt;outDir&gt;/&lt;slideId&gt;.slide.arrow</c>, atomically.</summary>
    /// <param name="tiles">The tile file's readable tiles (see <see cref="ReadableTileEmbeddings.Read"/>).</param>
    /// <param name="tilesFile">The tile file, named in the provenance.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="outDir">Folder of the slide file.</param>
    /// <param name="slideMpp">The slide's level-0 resolution, or null when unknown.</param>
    /// <returns>The slide file written.</returns>
    /// <exception cref="InvalidDataException">The file has no readable tiles.</exception>
    public string Write(ReadableTileEmbeddings tiles, string tilesFile, string slideId, string outDir, MicronsPerPixel? slideMpp)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        if (tiles.Count == 0)
        {
            throw new InvalidDataException($"'{tilesFile}' has no readable tiles; a slide embedding needs at least one.");
        }

        var embedding = aggregation.AggregateWithGeometry is { } withGeometry
            ? withGeometry(tiles.Embeddings, tiles.Count, tiles.Dimension, tiles.Xs, tiles.Ys, Geometry(tiles, tilesFile, slideMpp))
            : aggregation.Aggregate(tiles.Embeddings, tiles.Count, tiles.Dimension, tiles.Xs, tiles.Ys, slideMpp);
        var path = PathFor(outDir, slideId);
        var metadata = SlideFileMetadata.FromTiles(tiles.Metadata, aggregation.Name, aggregation.OutputMode, tilesFile);
        SlideEmbeddingFile.Write(path, new SlideEmbeddingRow(slideId, tileEncoder, aggregation.Name, aggregation.OutputMode, tiles.Count, embedding), metadata, tensorExtension);
        return path;
    }

    private static SlideTileGeometry Geometry(ReadableTileEmbeddings tiles, string tilesFile, MicronsPerPixel? slideMpp)
    {
        var geometry = TileGeometryMetadata.Read(tiles.Metadata, tilesFile);
        return geometry.SlideMpp is null && slideMpp is not null ? geometry with { SlideMpp = slideMpp } : geometry;
    }
}
