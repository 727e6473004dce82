using SlideEmbed.Output;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;

namespace SlideEmbed.Worker;

/// <summary>One attempt at a claimed slide: open check, resume check, embedding into staging, and the check that the source did not change.</summary>
public sealed partial class DropFolderWorker
{
    private async Task<AttemptResult> AttemptAsync(DropItem item, CancellationToken ct)
    {
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
            return await EmbedAsync(item, before, ct).ConfigureAwait(false);
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
    private async Task<AttemptResult> EmbedAsync(DropItem item, SlideFingerprint before, CancellationToken ct)
    {
        var input = new SlideInput(item.Path);
        var run = _pipeline.SlideRun;
        // Sources move to done/, so a later slide may arrive under the same name: only the same content owns an id's outputs.
        var id = run.AssignIds([input], _outDir, samePathIsSameSlide: _options.Finished == FinishedSourceAction.Marker)[input.Path];
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
        var r = await run.EmbedAsync(input, id, staging.Dir, new Progress(this, item.Name), ct).ConfigureAwait(false);

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

    /// <summary>Passes tile progress to the status file and the observer.</summary>
    private sealed class Progress(DropFolderWorker worker, string name) : IRunProgress
    {
        public void SlideStarted(int index, int count, string slideId)
        {
        }

        public void Tiles(int done, int total)
        {
            worker._status.Tiles(done, total);
            worker._observer?.Tiles(name, done, total);
        }

        public void SlideFinished(SlideReport report)
        {
        }
    }
}
