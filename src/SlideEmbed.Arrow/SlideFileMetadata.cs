using System.Text.Json.Nodes;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>The schema metadata of a slide embedding file made from a tile embedding file.</summary>
public static class SlideFileMetadata
{
    /// <summary>
    /// The tile file's metadata without its schema version, with the slide encoder (name, output mode,
    /// tile file name) added to the provenance when there is one.
    /// </summary>
    /// <param name="tileMetadata">The tile file's schema metadata.</param>
    /// <param name="slideEncoder">The aggregator's name.</param>
    /// <param name="outputMode">The aggregator's output mode.</param>
    /// <param name="tilesFile">The tile file's path (its file name is recorded).</param>
    /// <returns>A new dictionary.</returns>
    public static Dictionary<string, string> FromTiles(IReadOnlyDictionary<string, string> tileMetadata, string slideEncoder, string outputMode, string tilesFile)
    {
        ArgumentNullException.ThrowIfNull(tileMetadata);
        var metadata = tileMetadata.Where(p => p.Key != "slideembed.schema_version").ToDictionary(p => p.Key, p => p.Value);
        if (metadata.TryGetValue(Provenance.MetadataKey, out var provenance) && JsonNode.Parse(provenance) is JsonObject doc)
        {
            doc["slide_encoder"] = new JsonObject { ["name"] = slideEncoder, ["output_mode"] = outputMode, ["tiles_file"] = Path.GetFileName(tilesFile) };
            metadata[Provenance.MetadataKey] = doc.ToJsonString();
        }

        return metadata;
    }
}
