using System.Text.Json;

namespace SlideEmbed.Cli.Progress;

/// <summary>One JSON object per line for machines: events <c>slide_started</c>, <c>tiles</c> (each 10%), <c>slide_finished</c>.</summary>
/// <param name="writer">Where lines go.</param>
/// <param name="time">Clock.</param>
public sealed class JsonProgress(TextWriter writer, TimeProvider time) : IRunProgress
{
    private int _lastDecile = -1;
    private string? _slide;

    /// <inheritdoc />
    public void SlideStarted(int index, int count, string slideId)
    {
        _lastDecile = -1;
        _slide = slideId;
        Write(new Dictionary<string, object?> { ["event"] = "slide_started", ["slide_id"] = slideId, ["index"] = index, ["count"] = count });
    }

    /// <inheritdoc />
    public void Tiles(int done, int total)
    {
        var decile = total == 0 ? 10 : done * 10 / total;
        if (decile != _lastDecile)
        {
            _lastDecile = decile;
            Write(new Dictionary<string, object?> { ["event"] = "tiles", ["slide_id"] = _slide, ["done"] = done, ["total"] = total });
        }
    }

    /// <inheritdoc />
    public void SlideFinished(SlideReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Write(new Dictionary<string, object?>
        {
            ["event"] = "slide_finished", ["slide_id"] = report.SlideId, ["path"] = report.Path,
            ["status"] = report.Status.ToString(), ["tiles"] = report.Tiles, ["seconds"] = report.Seconds,
            ["error_kind"] = report.ErrorKind, ["error"] = report.Error, ["warnings"] = report.Warnings,
        });
    }

    private void Write(Dictionary<string, object?> fields)
    {
        fields["time_utc"] = time.GetUtcNow().UtcDateTime;
        writer.WriteLine(JsonSerializer.Serialize(fields));
    }
}
