using System.Text.Json;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Inspect;

/// <summary>Writes inspections as one JSON array; field names are stable (documented by the README).</summary>
public static class InspectionJson
{
    /// <summary>Writes the array.</summary>
    /// <param name="results">One inspection per slide.</param>
    /// <param name="w">The writer.</param>
    public static void Write(IReadOnlyList<SlideInspection> results, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(w);
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartArray();
            foreach (var r in results)
            {
                WriteOne(r, j);
            }

            j.WriteEndArray();
        }

        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteOne(SlideInspection r, Utf8JsonWriter j)
    {
        j.WriteStartObject();
        j.WriteString("path", r.Path);
        j.WriteBoolean("opened", r.Opened);
        if (r.FileSizeBytes is { } size)
        {
            j.WriteNumber("fileSizeBytes", size);
        }
        else
        {
            j.WriteNull("fileSizeBytes");
        }

        if (!r.Opened)
        {
            j.WriteStartObject("error");
            j.WriteString("kind", r.Error!.Kind);
            j.WriteString("message", r.Error.Message);
            j.WriteString("libraryMessage", r.Error.LibraryMessage);
            j.WriteEndObject();
            j.WriteEndObject();
            return;
        }

        j.WriteString("vendor", r.Vendor);
        if (r.Resolution is { } res)
        {
            j.WriteStartObject("mpp");
            j.WriteNumber("x", res.Mpp.X);
            j.WriteNumber("y", res.Mpp.Y);
            j.WriteString("source", res.Source.ToString());
            j.WriteString("detail", res.Detail);
            j.WriteEndObject();
        }
        else
        {
            j.WriteNull("mpp");
            j.WriteString("mppError", r.ResolutionError);
        }

        if (r.ObjectivePower is { } obj)
        {
            j.WriteNumber("objectivePower", obj.Power);
        }
        else
        {
            j.WriteNull("objectivePower");
        }

        j.WriteString("backgroundColor", r.BackgroundColor);
        j.WriteStartArray("levels");
        foreach (var level in r.Levels)
        {
            j.WriteStartObject();
            j.WriteNumber("index", level.Index);
            j.WriteNumber("width", level.Width);
            j.WriteNumber("height", level.Height);
            j.WriteNumber("downsample", level.Downsample);
            if (r.Resolution is { } rr)
            {
                var m = rr.Mpp.AtDownsample(level.Downsample);
                j.WriteNumber("mppX", m.X);
                j.WriteNumber("mppY", m.Y);
            }

            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteStartArray("associatedImages");
        foreach (var a in r.AssociatedImages)
        {
            j.WriteStartObject();
            j.WriteString("name", a.Name);
            j.WriteNumber("width", a.Width);
            j.WriteNumber("height", a.Height);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteStartObject("properties");
        foreach (var (key, value) in r.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            j.WriteString(key, value);
        }

        j.WriteEndObject();
        j.WriteEndObject();
    }
}
