using System.Text.Json;
using SlideEmbed.Aggregation;
using SlideEmbed.Geometry;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>Reads a slide's tile geometry from a tile file's provenance (<c>config.level0_tile_size</c>, <c>level0_stride</c>, <c>slide_mpp_x</c>/<c>_y</c>).</summary>
public static class TileGeometryMetadata
{
    /// <summary>The geometry recorded in a tile file's schema metadata.</summary>
    /// <param name="metadata">The tile file's schema metadata.</param>
    /// <param name="source">The file, for the message.</param>
    /// <returns>The geometry.</returns>
    /// <exception cref="InvalidDataException">The file records no tiling provenance.</exception>
    public static SlideTileGeometry Read(IReadOnlyDictionary<string, string> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (!metadata.TryGetValue(Provenance.MetadataKey, out var provenance))
        {
            throw new InvalidDataException($"'{source}' has no SlideEmbed provenance, so its tile size in level-0 pixels is unknown; re-embed the slide with slideembed embed.");
        }

        using var doc = JsonDocument.Parse(provenance);
        if (!doc.RootElement.TryGetProperty("config", out var config)
            || !config.TryGetProperty("level0_tile_size", out var size) || size.ValueKind != JsonValueKind.Number
            || !config.TryGetProperty("level0_stride", out var stride) || stride.ValueKind != JsonValueKind.Number)
        {
            throw new InvalidDataException($"'{source}' records no config.level0_tile_size / level0_stride in its provenance; re-embed the slide with slideembed embed.");
        }

        MicronsPerPixel? mpp = config.TryGetProperty("slide_mpp_x", out var mx) && mx.ValueKind == JsonValueKind.Number
            && config.TryGetProperty("slide_mpp_y", out var my) && my.ValueKind == JsonValueKind.Number
            ? new MicronsPerPixel(mx.GetDouble(), my.GetDouble())
            : null;
        return new SlideTileGeometry(size.GetInt64(), stride.GetInt64(), mpp);
    }
}
