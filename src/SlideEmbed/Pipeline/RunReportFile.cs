using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>A run report (<see cref="RunReport.WriteJson"/>) read back from its file, for merging the reports of several shards.</summary>
/// <param name="FilePath">The report file.</param>
/// <param name="Model">Model name.</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="FinishedUtc">When it ended.</param>
/// <param name="Shard">The shard it embedded, or null for a whole list.</param>
/// <param name="SlideList">The run's whole slide list; empty in reports written before lists were recorded.</param>
/// <param name="Slides">Its slide lines.</param>
public sealed record RunReportFile(string FilePath, string Model, DateTimeOffset StartedUtc, DateTimeOffset FinishedUtc, SlideShard? Shard, IReadOnlyList<string> SlideList, IReadOnlyList<RunReportEntry> Slides)
{
    /// <summary>Wall time of the run in seconds.</summary>
    public double WallSeconds => Math.Max(0, (FinishedUtc - StartedUtc).TotalSeconds);

    /// <summary>Tiles embedded in this run (slides done, not those already up to date).</summary>
    public long TilesEmbedded => Slides.Where(s => s.Status == "done").Sum(s => (long)s.Tiles);

    /// <summary>Reads a report file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The report.</returns>
    /// <exception cref="FormatException">Not a run report (names the file).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RunReportFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not valid JSON ({e.Message}); remove it or rerun the shard that wrote it.", e);
        }

        try
        {
            var root = doc?.AsObject() ?? throw new FormatException("empty document");
            var shard = root["shard"] is JsonObject s ? new SlideShard((int)s["index"]!, (int)s["count"]!) : (SlideShard?)null;
            var list = root["slide_list"] is JsonArray l ? l.Select(p => (string)p!).ToList() : [];
            var slides = (root["slides"]?.AsArray() ?? []).Select(n => n!.AsObject()).Select(o => new RunReportEntry(
                (string)o["path"]!,
                (string?)o["slide_id"],
                (string)o["status"]!,
                (int?)o["tiles"] ?? 0,
                (string?)o["error_kind"],
                (string?)o["error"],
                (o["outputs"]?.AsArray() ?? []).Select(x => (string)x!).ToList())).ToList();
            return new RunReportFile(path, (string)root["model"]!, Time(root["started_utc"]), Time(root["finished_utc"]), shard, list, slides);
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or ArgumentException)
        {
            throw new FormatException($"'{path}' is not a slideembed run report ({e.Message}); remove it or rerun the shard that wrote it.", e);
        }
    }

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
