using System.Text.Json;
using SlideEmbed.Tissue;

namespace SlideEmbed.Output;

/// <summary>
/// Tissue regions as a GeoJSON FeatureCollection (RFC 7946) in level-0 pixel coordinates that QuPath
/// imports as annotations classified "Tissue": one Polygon feature per region, the outer ring first
/// (counter-clockwise in the coordinate numbers), holes after it (clockwise), every ring closed.
/// </summary>
public static class TissueGeoJson
{
    /// <summary>The classification name QuPath shows.</summary>
    public const string ClassificationName = "Tissue";

    /// <summary>Writes the regions.</summary>
    /// <param name="regions">Regions in level-0 pixels.</param>
    /// <param name="destination">Stream to write UTF-8 JSON to; left open.</param>
    public static void Write(IReadOnlyList<TissueRegion> regions, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(regions);
        using var j = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false });
        j.WriteStartObject();
        j.WriteString("type", "FeatureCollection");
        j.WriteStartArray("features");
        for (var i = 0; i < regions.Count; i++)
        {
            var region = regions[i];
            j.WriteStartObject();
            j.WriteString("type", "Feature");
            j.WriteString("id", $"tissue-{i}");
            j.WriteStartObject("geometry");
            j.WriteString("type", "Polygon");
            j.WriteStartArray("coordinates");
            WriteRing(j, region.Outer, counterClockwise: true);
            foreach (var hole in region.Holes)
            {
                WriteRing(j, hole, counterClockwise: false);
            }

            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteStartObject("properties");
            j.WriteString("objectType", "annotation");
            j.WriteStartObject("classification");
            j.WriteString("name", ClassificationName);
            j.WriteStartArray("color");
            j.WriteNumberValue(0);
            j.WriteNumberValue(160);
            j.WriteNumberValue(0);
            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteNumber("netArea", region.NetArea);
            j.WriteEndObject();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void WriteRing(Utf8JsonWriter j, Ring ring, bool counterClockwise)
    {
        var points = ring.Points;
        var reverse = ring.SignedArea > 0 != counterClockwise;
        j.WriteStartArray();
        for (var k = 0; k <= points.Count; k++)
        {
            var (x, y) = points[reverse ? (points.Count - (k % points.Count)) % points.Count : k % points.Count];
            j.WriteStartArray();
            j.WriteNumberValue(x);
            j.WriteNumberValue(y);
            j.WriteEndArray();
        }

        j.WriteEndArray();
    }
}
