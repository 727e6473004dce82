using System.Globalization;

namespace SlideEmbed.Cli.Progress;

/// <summary>Two progress bars on a terminal (slides, and tiles of the current slide with throughput and ETA), redrawn in place.</summary>
/// <param name="writer">The terminal.</param>
/// <param name="time">Clock.</param>
public sealed class TerminalProgress(TextWriter writer, TimeProvider time) : IRunProgress
{
    private const int Width = 30;
    private int _index;
    private int _count;
    private string _slide = string.Empty;
    private long _started;
    private long _lastDraw;

    /// <inheritdoc />
    public void SlideStarted(int index, int count, string slideId)
    {
        (_index, _count, _slide) = (index, count, slideId);
        _started = time.GetTimestamp();
        Draw(0, 0, force: true);
    }

    /// <inheritdoc />
    public void Tiles(int done, int total) => Draw(done, total, done == total);

    /// <inheritdoc />
    public void SlideFinished(SlideReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        writer.Write("\r\u001b[2K");
        var status = report.Status switch
        {
            SlideStatus.Done => string.Create(CultureInfo.InvariantCulture, $"done ({report.Tiles} tiles, {report.Seconds:0.0} s)"),
            SlideStatus.UpToDate => "up to date",
            SlideStatus.Planned => "would run",
            SlideStatus.NotASlide => "not a slide",
            _ => $"FAILED: {report.Error}",
        };
        writer.WriteLine($"{report.SlideId ?? report.Path}: {status}");
        foreach (var warning in report.Warnings)
        {
            writer.WriteLine($"  warning: {warning}");
        }
    }

    private void Draw(int done, int total, bool force)
    {
        var now = time.GetTimestamp();
        if (!force && time.GetElapsedTime(_lastDraw, now).TotalMilliseconds < 200)
        {
            return;
        }

        _lastDraw = now;
        var seconds = time.GetElapsedTime(_started, now).TotalSeconds;
        var rate = done / Math.Max(seconds, 1e-9);
        var eta = rate > 0 ? (total - done) / rate : 0;
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r\u001b[2Kslides {Bar(_index, _count)} {_index + 1}/{_count}  {_slide}  tiles {Bar(done, total)} {done}/{total} {rate:0.0}/s ETA {eta:0}s"));
        writer.Flush();
    }

    private static string Bar(int done, int total)
    {
        var filled = total == 0 ? 0 : Math.Clamp(done * Width / total, 0, Width);
        return "[" + new string('#', filled) + new string('.', Width - filled) + "]";
    }
}
