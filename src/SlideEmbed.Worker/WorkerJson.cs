using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlideEmbed.Output;

namespace SlideEmbed.Worker;

/// <summary>How the worker writes its JSON files (status, claims, markers, failure reasons): indented UTF-8, times as ISO 8601 UTC.</summary>
internal static class WorkerJson
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>The bytes of a document.</summary>
    /// <param name="doc">The document.</param>
    /// <returns>UTF-8 bytes.</returns>
    public static byte[] Bytes(JsonNode doc) => Encoding.UTF8.GetBytes(doc.ToJsonString(s_indented) + "\n");

    /// <summary>Writes a document atomically (a reader sees the old or the new file, never a part).</summary>
    /// <param name="path">Target path.</param>
    /// <param name="doc">The document.</param>
    public static void WriteAtomic(string path, JsonNode doc)
    {
        var bytes = Bytes(doc);
        AtomicFile.Write(path, s => s.Write(bytes));
    }

    /// <summary>A time as written in the worker's files.</summary>
    /// <param name="time">The time.</param>
    /// <returns>ISO 8601, UTC.</returns>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="Time"/>.</summary>
    /// <param name="node">The node, or null.</param>
    /// <returns>The time, or null.</returns>
    public static DateTimeOffset? ParseTime(JsonNode? node) =>
        node?.GetValue<string>() is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
