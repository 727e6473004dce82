using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlideEmbed.Pipeline;

/// <summary>The summary as text for people and as JSON for scripts.</summary>
public sealed partial class RunSummary
{
    /// <summary>
    /// The summary for people: one line of counts, one line per report (shard, start, wall time, slides,
    /// tiles per second), then every failure with its reason, every missing slide and every unreadable report.
    /// </summary>
    /// <returns>The text.</returns>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(string.Create(c, $"{Folder}: {List.Count} slides in the list: {Done.Count} embedded, {UpToDate.Count} up to date, {Failed.Count} failed, {Missing.Count} missing ({Reports.Count} reports)."));
        sb.AppendLine("  report                          started (UTC)          wall s  done  up-to-date  failed  tiles   tiles/s");
        foreach (var r in Reports)
        {
            var (done, current, failed) = Counts(r);
            sb.AppendLine(string.Create(c, $"  {Path.GetFileName(r.FilePath),-30}  {r.StartedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}  {r.WallSeconds,8:0.0}  {done,4}  {current,10}  {failed,6}  {r.TilesEmbedded,6}  {TilesPerSecond(r),8:0.0}"));
        }

        foreach (var (slide, report) in Failed)
        {
            sb.AppendLine(string.Create(c, $"  FAILED  {slide.Path}: [{slide.ErrorKind}] {slide.Error} ({Path.GetFileName(report.FilePath)})"));
        }

        foreach (var path in Missing)
        {
            sb.AppendLine($"  MISSING {path}");
        }

        foreach (var line in BadReports)
        {
            sb.AppendLine($"  BAD REPORT {line}");
        }

        if (Reports.Count == 0 && BadReports.Count == 0)
        {
            sb.AppendLine($"  no run reports ({RunReport.FilePrefix}*.json) in {Folder}: nothing has been embedded here yet.");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The summary as one JSON document: <c>complete</c>, the counts, <c>reports</c> (file, shard, start,
    /// finish, wall seconds, slides done / up to date / failed, tiles embedded, tiles per second),
    /// <c>failed</c> (path, slide id, error kind, error, report), <c>missing</c> (paths) and
    /// <c>bad_reports</c>.
    /// </summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson()
    {
        var reports = new JsonArray();
        foreach (var r in Reports)
        {
            var (done, current, failed) = Counts(r);
            reports.Add(new JsonObject
            {
                ["file"] = Path.GetFileName(r.FilePath),
                ["shard"] = r.Shard?.ToString(),
                ["started_utc"] = r.StartedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["finished_utc"] = r.FinishedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["wall_seconds"] = Math.Round(r.WallSeconds, 3),
                ["done"] = done,
                ["up_to_date"] = current,
                ["failed"] = failed,
                ["tiles"] = r.TilesEmbedded,
                ["tiles_per_second"] = Math.Round(TilesPerSecond(r), 3),
            });
        }

        var doc = new JsonObject
        {
            ["folder"] = Folder,
            ["complete"] = Complete,
            ["slides"] = List.Count,
            ["done"] = Done.Count,
            ["up_to_date"] = UpToDate.Count,
            ["failed_count"] = Failed.Count,
            ["missing_count"] = Missing.Count,
            ["reports"] = reports,
            ["failed"] = new JsonArray(Failed.Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Slide.Path,
                ["slide_id"] = f.Slide.SlideId,
                ["error_kind"] = f.Slide.ErrorKind,
                ["error"] = f.Slide.Error,
                ["report"] = Path.GetFileName(f.Report.FilePath),
            }).ToArray()),
            ["missing"] = new JsonArray(Missing.Select(p => (JsonNode)p).ToArray()),
            ["bad_reports"] = new JsonArray(BadReports.Select(p => (JsonNode)p).ToArray()),
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static (int Done, int UpToDate, int Failed) Counts(RunReportFile r) =>
        (r.Slides.Count(s => s.Status == "done"), r.Slides.Count(s => s.Status == "up_to_date"), r.Slides.Count(s => s.Status == "failed"));

    private static double TilesPerSecond(RunReportFile r) => r.WallSeconds > 0 ? r.TilesEmbedded / r.WallSeconds : 0;
}
