using System.Globalization;

namespace SlideEmbed.Cli.Progress;

/// <summary>Plain log lines for files and pipes: one line per slide start and end, and one per 10% of a slide's tiles.</summary>
/// <param name="writer">Where lines go.</param>
/// <param name="time">Clock.</param>
public sealed class PlainProgress(TextWriter writer, TimeProvider time) : IRunProgress
{
    private int _lastDecile = -1;
    private long _started;

    /// <inheritdoc />
    public void SlideStarted(int index, int count, string slideId)
    {
        _lastDecile = -1;
        _started = time.GetTimestamp();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Stamp()} [{index + 1}/{count}] {slideId}: started"));
    }

    /// <inheritdoc />
    public void Tiles(int done, int total)
    {
        var decile = total == 0 ? 10 : done * 10 / total;
        if (decile == _lastDecile)
        {
            return;
        }

        _lastDecile = decile;
        var seconds = time.GetElapsedTime(_started).TotalSeconds;
        var rate = done / Math.Max(seconds, 1e-9);
        var eta = rate > 0 ? (total - done) / rate : 0;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Stamp()}   tiles {done}/{total} ({rate:0.0}/s, ETA {eta:0}s)"));
    }

    /// <inheritdoc />
    public void SlideFinished(SlideReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var what = report.Status switch
        {
            SlideStatus.Done => string.Create(CultureInfo.InvariantCulture, $"done, {report.Tiles} tiles in {report.Seconds:0.0} s"),
            SlideStatus.UpToDate => "up to date, skipped",
            SlideStatus.Planned => "would run",
            SlideStatus.NotASlide => $"not a slide ({report.Error}), skipped",
            _ => $"FAILED [{report.ErrorKind}] {report.Error}",
        };
        writer.WriteLine($"{Stamp()} {report.SlideId ?? report.Path}: {what}");
        foreach (var warning in report.Warnings)
        {
            writer.WriteLine($"{Stamp()} {report.SlideId ?? report.Path}: warning: {warning}");
        }
    }

    private string Stamp() => time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
