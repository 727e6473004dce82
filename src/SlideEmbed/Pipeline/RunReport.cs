using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlideEmbed.Output;

namespace SlideEmbed.Pipeline;

/// <summary>The record of a batch run: every slide's status, tiles, time and error; written as JSON and summarised for people.</summary>
public sealed partial class RunReport
{
    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset FinishedUtc { get; set; }

    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>The effective settings (key to value).</summary>
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }

    /// <summary>One entry per slide or skipped file, in run order.</summary>
    public List<SlideReport> Slides { get; } = [];

    /// <summary>How busy the encoders were over the run, or null when nothing was encoded.</summary>
    public EncoderUse? Encoder { get; set; }

    /// <summary>Slides that failed.</summary>
    public int Failed => Slides.Count(s => s.Status == SlideStatus.Failed);

    /// <summary>Slides attempted (everything except files that are not slides).</summary>
    public int Attempted => Slides.Count(s => s.Status != SlideStatus.NotASlide);

    /// <summary>Writes the report as JSON, atomically.</summary>
    /// <param name="path">Target file.</param>
    public void WriteJson(string path)
    {
        var slides = new JsonArray();
        foreach (var s in Slides)
        {
            slides.Add(new JsonObject
            {
                ["path"] = s.Path,
                ["slide_id"] = s.SlideId,
                ["status"] = Snake(s.Status.ToString()),
                ["tiles"] = s.Tiles,
                ["failed_tiles"] = s.FailedTiles,
                ["seconds"] = Math.Round(s.Seconds, 3),
                ["error_kind"] = s.ErrorKind,
                ["error"] = s.Error,
                ["warnings"] = new JsonArray(s.Warnings.Select(w => (JsonNode)w).ToArray()),
                ["outputs"] = new JsonArray(s.Outputs.Select(o => (JsonNode)o).ToArray()),
                ["removed"] = new JsonArray(s.Removed.Select(o => (JsonNode)o).ToArray()),
            });
        }

        var settings = new JsonObject();
        foreach (var (k, v) in Settings)
        {
            settings[k] = v;
        }

        var doc = new JsonObject
        {
            ["tool"] = "slideembed",
            ["tool_version"] = Provenance.ToolVersion,
            ["model"] = Model,
            ["started_utc"] = StartedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["finished_utc"] = FinishedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["counts"] = new JsonObject
            {
                ["done"] = Count(SlideStatus.Done),
                ["up_to_date"] = Count(SlideStatus.UpToDate),
                ["failed"] = Count(SlideStatus.Failed),
                ["planned"] = Count(SlideStatus.Planned),
                ["not_a_slide"] = Count(SlideStatus.NotASlide),
            },
            ["settings"] = settings,
            ["shard"] = ShardJson(),
            ["slide_list_sha256"] = ListDigest(SlideList),
            ["slide_list"] = SlideListJson(),
            ["slides"] = slides,
        };
        if (Encoder is { } e)
        {
            doc["encoder"] = new JsonObject
            {
                ["encoders"] = e.Encoders,
                ["batches"] = e.Batches,
                ["busy_seconds"] = Math.Round(e.BusySeconds, 3),
                ["wall_seconds"] = Math.Round(e.WallSeconds, 3),
                ["idle_fraction"] = Math.Round(e.IdleFraction, 4),
                ["devices"] = new JsonArray([.. e.Devices.Select(d => (JsonNode)new JsonObject
                {
                    ["device"] = d.Device,
                    ["batches"] = d.Batches,
                    ["tiles"] = d.Tiles,
                    ["busy_seconds"] = Math.Round(d.BusySeconds, 3),
                    ["tiles_per_second"] = Math.Round(e.TilesPerSecondOf(d), 2),
                    ["busy_tiles_per_second"] = Math.Round(d.BusyTilesPerSecond, 2),
                    ["idle_fraction"] = Math.Round(e.IdleFractionOf(d), 4),
                })]),
            };
        }

        var text = doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>A readable summary: counts, one line per device when several encoded, then one line per failure and per skipped file.</summary>
    /// <returns>The text.</returns>
    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var seconds = (FinishedUtc - StartedUtc).TotalSeconds;
        sb.AppendLine(string.Create(c, $"{Count(SlideStatus.Done)} embedded, {Count(SlideStatus.UpToDate)} up to date, {Count(SlideStatus.Failed)} failed, {Count(SlideStatus.NotASlide)} not slides{(Count(SlideStatus.Planned) > 0 ? $", {Count(SlideStatus.Planned)} would run" : string.Empty)} in {seconds:0.0} s ({Slides.Sum(s => s.Status == SlideStatus.Done ? s.Tiles : 0)} tiles)."));
        if (Encoder is { Devices.Count: > 1 } e)
        {
            foreach (var d in e.Devices)
            {
                sb.AppendLine(string.Create(c, $"  {d.Device}: {d.Tiles} tiles, {e.TilesPerSecondOf(d):0.0} tiles/s, idle {100 * e.IdleFractionOf(d):0.0} %"));
            }
        }

        foreach (var s in Slides.Where(s => s.Status == SlideStatus.Failed))
        {
            sb.AppendLine(string.Create(c, $"  FAILED  {s.Path}: [{s.ErrorKind}] {s.Error}"));
        }

        foreach (var s in Slides)
        {
            foreach (var w in s.Warnings)
            {
                sb.AppendLine(string.Create(c, $"  warning {w}"));
            }
        }

        foreach (var s in Slides.Where(s => s.Status == SlideStatus.NotASlide))
        {
            sb.AppendLine(string.Create(c, $"  skipped {s.Path}: {s.Error}"));
        }

        return sb.ToString();
    }

    private int Count(SlideStatus status) => Slides.Count(s => s.Status == status);

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
