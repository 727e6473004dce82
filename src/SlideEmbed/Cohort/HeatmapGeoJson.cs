using System.Text.Json;
using SlideEmbed.Imaging;

namespace SlideEmbed.Cohort;

/// <summary>
/// Heatmap tiles as a GeoJSON FeatureCollection in level-0 pixels that QuPath imports as tile objects:
/// one square Polygon per coloured tile with the value as a measurement and, for tokens, a
/// classification "token N" in the token's colour.
/// </summary>
public static class HeatmapGeoJson
{
    /// <summary>Writes the tiles.</summary>
    /// <param name="destination">Stream to write UTF-8 JSON to; left open.</param>
    /// <param name="tiles">Tile squares, level-0 pixels.</param>
    /// <param name="tileIndices">Each tile's <c>tile_index</c>.</param>
    /// <param name="measurements">Measurement names, and per name one value per tile (NaN: tile left out).</param>
    /// <param name="tokens">Token per tile for a classification, or null.</param>
    public static void Write(Stream destination, IReadOnlyList<HeatmapTile> tiles, IReadOnlyList<int> tileIndices, IReadOnlyList<(string Name, double[] Values)> measurements, IReadOnlyList<int>? tokens)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(tileIndices);
        ArgumentNullException.ThrowIfNull(measurements);
        using var j = new Utf8JsonWriter(destination);
        j.WriteStartObject();
        j.WriteString("type", "FeatureCollection");
        j.WriteStartArray("features");
        for (var i = 0; i < tiles.Count; i++)
        {
            if (measurements.Count > 0 && double.IsNaN(measurements[0].Values[i]))
            {
                continue;
            }

            var t = tiles[i];
            j.WriteStartObject();
            j.WriteString("type", "Feature");
            j.WriteString("id", $"tile-{tileIndices[i]}");
            j.WriteStartObject("geometry");
            j.WriteString("type", "Polygon");
            j.WriteStartArray("coordinates");
            j.WriteStartArray();
            // Counter-clockwise in the coordinate numbers, closed, like the tissue outlines.
            foreach (var (x, y) in new[] { (t.X, t.Y), (t.X + t.Size, t.Y), (t.X + t.Size, t.Y + t.Size), (t.X, t.Y + t.Size), (t.X, t.Y) })
            {
                j.WriteStartArray();
                j.WriteNumberValue(x);
                j.WriteNumberValue(y);
                j.WriteEndArray();
            }

            j.WriteEndArray();
            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteStartObject("properties");
            j.WriteString("objectType", "tile");
            j.WriteNumber("tile_index", tileIndices[i]);
            if (tokens is not null && tokens[i] >= 0)
            {
                var color = HeatmapColors.Token(tokens[i]);
                j.WriteStartObject("classification");
                j.WriteString("name", $"token {tokens[i]}");
                WriteColor(j, color);
                j.WriteEndObject();
            }

            j.WriteStartObject("measurements");
            foreach (var (name, values) in measurements)
            {
                j.WriteNumber(name, values[i]);
            }

            j.WriteEndObject();
            j.WriteEndObject();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void WriteColor(Utf8JsonWriter j, RgbColor color)
    {
        j.WriteStartArray("color");
        j.WriteNumberValue(color.R);
        j.WriteNumberValue(color.G);
        j.WriteNumberValue(color.B);
        j.WriteEndArray();
    }
}
