using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;

namespace SlideEmbed.Worker;

/// <summary>
/// One attempt at a claimed item: the open check, the resume check, the embedding into a private staging
/// folder, the check that the source did not change meanwhile, and the publication of the outputs into
/// the model's output folder. Knows nothing of claims, retries or the source's move; the worker applies
/// the <see cref="AttemptResult"/>. Thread-safe for different items.
/// </summary>
internal sealed class SlideAttempt
{
    private readonly WorkerPipeline _pipeline;
    private readonly DropFolderScanner _scanner;
    private readonly string _outDir;
    private readonly bool _samePathIsSameSlide;

    /// <summary>Creates the attempt runner.</summary>
    /// <param name="pipeline">The embedding pipeline.</param>
    /// <param name="scanner">Looks at items again, to tell whether they changed.</param>
    /// <param name="outDir">The model's output folder.</param>
    /// <param name="samePathIsSameSlide">
    /// False when finished sources move away (a later slide may arrive under the same name, so only the same
    /// content owns an id's outputs); true when they stay beside a marker.
    /// </param>
    public SlideAttempt(WorkerPipeline pipeline, DropFolderScanner scanner, string outDir, bool samePathIsSameSlide)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(outDir);
        _pipeline = pipeline;
        _scanner = scanner;
        _outDir = outDir;
        _samePathIsSameSlide = samePathIsSameSlide;
    }

    /// <summary>Runs one attempt.</summary>
    /// <param name="item">The item as seen when it was claimed.</param>
    /// <param name="progress">Tile progress receiver, or null.</param>
    /// <param name="ct">Abandons the attempt: nothing is published and the outcome is <see cref="WorkerOutcome.Abandoned"/>.</param>
    /// <returns>What the attempt produced.</returns>
    public async Task<AttemptResult> RunAsync(DropItem item, IRunProgress? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(item);
        // Reading a FIFO blocks until a writer comes and /dev/zero never ends: never open what is not a regular file.
        var kind = FileKinds.Of(item.Path);
        if (kind == FileKind.Missing)
        {
            return AttemptResult.Of(WorkerOutcome.SourceGone, null);
        }

        if (kind != FileKind.Regular)
        {
            return AttemptResult.Failed(null, "not-a-regular-file", $"'{item.Path}' {FileKinds.NotASlideReason(kind)}.");
        }

        SlideFingerprint before;
        try
        {
            before = SlideFingerprint.Of(item.Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return AttemptResult.Of(WorkerOutcome.SourceGone, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AttemptResult.Failed(null, "io-error", e.Message);
        }

        // Complete only if it opens: a truncated slide usually does not.
        try
        {
            using var opened = _pipeline.Opener.Open(item.Path);
        }
        catch (SlideException e)
        {
            return Changed(item, before) ?? AttemptResult.Failed(before, e.Kind, e.Message);
        }

        try
        {
            return await EmbedAsync(item, before, progress, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return AttemptResult.Of(WorkerOutcome.Abandoned, before);
        }
    }

    /// <summary>
    /// The resume check, then the embedding into staging and the publication of its outputs; outputs of the
    /// slide's id that the new run did not make are removed (after a failure: unless they are all current).
    /// </summary>
    private async Task<AttemptResult> EmbedAsync(DropItem item, SlideFingerprint before, IRunProgress? progress, CancellationToken ct)
    {
        var input = new SlideInput(item.Path);
        var run = _pipeline.SlideRun;
        var id = run.AssignIds([input], _outDir, _samePathIsSameSlide)[input.Path];
        if (!_pipeline.Force && run.Check(input, id, _outDir) is { UpToDate: true } check)
        {
            var current = new List<string> { Path.Combine(_outDir, id + SlideOutputs.TilesSuffix) };
            if (run.SlideLevel is not null && check.Tiles > 0)
            {
                current.Add(run.SlideLevel.PathFor(_outDir, id));
            }

            return Changed(item, before) ?? new AttemptResult(WorkerOutcome.UpToDate, before, check.Tiles, 0, current);
        }

        using var staging = StagingArea.Create(_outDir);
        var r = await run.EmbedAsync(input, id, staging.Dir, progress, ct).ConfigureAwait(false);

        if (Changed(item, before) is { } changed)
        {
            return changed;
        }

        if (r.Status != SlideStatus.Done)
        {
            run.RemoveUnlessCurrent(input, id, _outDir);
            // Messages name the staging folder; the user knows the output folder.
            return AttemptResult.Failed(before, r.ErrorKind ?? "failed", (r.Error ?? "failed").Replace(staging.Dir, _outDir, StringComparison.Ordinal));
        }

        var published = staging.Publish(_outDir);
        SlideRun.RemoveOthers(_outDir, id, published);
        return new AttemptResult(WorkerOutcome.Done, before, r.Tiles, r.Seconds, published)
        {
            Warnings = r.Warnings.Select(w => w.Replace(staging.Dir, _outDir, StringComparison.Ordinal)).ToList(),
        };
    }

    /// <summary>Null when the item is as it was when the attempt started; else the outcome that says how it changed.</summary>
    private AttemptResult? Changed(DropItem item, SlideFingerprint before)
    {
        var now = _scanner.Look(item.Name);
        if (now is null)
        {
            return AttemptResult.Of(WorkerOutcome.SourceGone, before);
        }

        try
        {
            return now.Snapshot.Equals(item.Snapshot) && SlideFingerprint.Of(item.Path) == before ? null : AttemptResult.Of(WorkerOutcome.SourceChanged, before);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return AttemptResult.Of(WorkerOutcome.SourceGone, before);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return AttemptResult.Of(WorkerOutcome.SourceChanged, before);
        }
    }
}
