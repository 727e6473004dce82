using SlideEmbed.Output;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Runs one model over many slides: ids (<see cref="SlideRun.AssignIds"/>), each slide through
/// <see cref="SlideRun"/> (resume, per-slide isolation: one slide's failure never stops the run, removal of
/// outputs that are no longer current), and the run report. The CLI uses it; the drop-folder worker runs
/// <see cref="SlideRun"/> directly, one slide at a time. With <see cref="BatchRunnerOptions.SlidesAhead"/>
/// the next slides are started while one is encoded (see <c>BatchRunner.Prefetch.cs</c>); reports and
/// progress still come in slide order.
/// </summary>
public sealed partial class BatchRunner
{
    /// <summary>Creates the runner.</summary>
    /// <param name="slideRun">The single-slide run.</param>
    /// <param name="options">Prefetch and encoder record; null for one slide at a time.</param>
    public BatchRunner(SlideRun slideRun, BatchRunnerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slideRun);
        options ??= new BatchRunnerOptions();
        options.Validate();
        SlideRun = slideRun;
        Options = options;
    }

    /// <summary>Prefetch and encoder record.</summary>
    public BatchRunnerOptions Options { get; }

    /// <summary>The single-slide run.</summary>
    public SlideRun SlideRun { get; }

    /// <summary>Processes the slides.</summary>
    /// <param name="slides">Slides, in order.</param>
    /// <param name="skipped">Files that are not slides, reported as such.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="report">The report to fill.</param>
    /// <param name="force">Redo up-to-date slides.</param>
    /// <param name="dryRun">Only decide what would run.</param>
    /// <param name="progress">Progress receiver, or null.</param>
    /// <param name="cancellationToken">Stops between and within slides; finished slides stay finished.</param>
    /// <returns>A task that completes when every slide is handled.</returns>
    public async Task RunAsync(IReadOnlyList<SlideInput> slides, IReadOnlyList<(string Path, string Reason)> skipped, string outDir, RunReport report, bool force, bool dryRun, IRunProgress? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slides);
        ArgumentNullException.ThrowIfNull(skipped);
        ArgumentNullException.ThrowIfNull(report);
        if (!dryRun)
        {
            Directory.CreateDirectory(outDir);
            PartialFiles.RemoveStale(outDir);
        }

        foreach (var (path, reason) in skipped)
        {
            var r = new SlideReport { Path = path, Status = SlideStatus.NotASlide, Error = reason };
            report.Slides.Add(r);
            progress?.SlideFinished(r);
        }

        var ids = SlideRun.AssignIds(slides, outDir);
        await RunInOrderAsync(slides, ids, outDir, report, force, dryRun, progress, cancellationToken).ConfigureAwait(false);
    }
}
