using SlideEmbed.Pipeline;
using SlideEmbed.Slides;

namespace SlideEmbed.Worker;

/// <summary>Taking items: readiness, claiming, the checks before an attempt, and what each outcome does to the claim.</summary>
public sealed partial class DropFolderWorker
{
    // How long to leave an item that another worker holds before looking at it again.
    private static readonly TimeSpan s_busyDelay = TimeSpan.FromSeconds(2);

    private async Task ProcessLoopAsync(CancellationToken stoppingToken, CancellationToken graceToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (next, wakeAt) = Parts.Queue.Pick();
            if (next is null)
            {
                var wait = wakeAt is { } at ? at - _clock.GetUtcNow() : _options.RescanInterval;
                await WaitAsync(_workSignal, wait < _options.RescanInterval ? wait : _options.RescanInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                await ProcessItemAsync(next, graceToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !graceToken.IsCancellationRequested)
            {
                WorkerLog.Unexpected(_logger, e, next);
                Parts.Status.End(WorkerOutcome.Retrying, next, "internal-error", e.Message);
                Parts.Queue.Defer(next, _options.RetryDelay > s_busyDelay ? _options.RetryDelay : s_busyDelay);
            }
        }
    }

    private void Forget(string name)
    {
        Parts.Queue.Forget(name);
        UpdateQueue();
    }

    private async Task ProcessItemAsync(string name, CancellationToken ct)
    {
        var item = Parts.Scanner.Look(name);
        if (item is null || (_options.Finished == FinishedSourceAction.Marker && SourceMarkers.Settles(item)))
        {
            Parts.Queue.Remove(name);
            return;
        }

        if (!Parts.Queue.IsStable(item))
        {
            // Written to since the last look: its quiet period starts again.
            return;
        }

        var acquired = Parts.Claims.TryAcquire(name);
        if (acquired.Claim is not { } claim)
        {
            WorkerLog.ClaimBusy(_logger, name, acquired.BusyReason ?? "claimed");
            Parts.Queue.Defer(name, _options.RescanInterval < s_busyDelay ? _options.RescanInterval : s_busyDelay);
            return;
        }

        using (claim)
        {
            _observer?.SlideClaimed(name, _clock.GetUtcNow());
            await ProcessClaimedAsync(item, claim, acquired.Recovered, ct).ConfigureAwait(false);
        }
    }

    private async Task ProcessClaimedAsync(DropItem seen, SlideClaim claim, bool recovered, CancellationToken ct)
    {
        var name = seen.Name;
        var item = Parts.Scanner.Look(name);
        if (item is null || (_options.Finished == FinishedSourceAction.Marker && SourceMarkers.Settles(item)))
        {
            // Finished by another worker between our look and our claim.
            claim.Complete();
            Forget(name);
            return;
        }

        if (!item.Snapshot.Equals(seen.Snapshot))
        {
            Parts.Queue.Observe(item);
            return;
        }

        var now = _clock.GetUtcNow();
        var previous = claim.Previous;
        var record = previous is not null && previous.SnapshotDigest == item.Snapshot.Digest
            ? previous
            : new ClaimRecord { Slide = name, SnapshotDigest = item.Snapshot.Digest };
        if (recovered && ReferenceEquals(record, previous))
        {
            WorkerLog.ClaimRecovered(_logger, name, previous!.Host, previous.Pid, previous.State);
            if (previous.State == ClaimRecord.Processing && previous.Attempts > 0 && !record.Errors.Any(e => e.Attempt == previous.Attempts))
            {
                record.Errors.Add(new AttemptError(previous.Attempts, now, previous.Host, previous.Pid, "worker-died", "The worker processing the slide stopped without finishing it (killed or crashed)."));
            }
        }

        if (record.State == ClaimRecord.Finishing && record.FinishingTo is not null && _options.Finished == FinishedSourceAction.Move)
        {
            // The outputs were published before the previous holder died; only the move is left.
            FinishDone(item, claim, record, null, WorkerOutcome.UpToDate, 0, 0, []);
            return;
        }

        if (record.NextAttemptUtc is { } due && due > now)
        {
            Parts.Queue.Defer(name, due - now);
            return;
        }

        if (record.Attempts >= _options.MaxAttempts)
        {
            var last = record.Errors.LastOrDefault();
            GiveUp(item, claim, record, last?.Kind ?? "failed", $"Gave up after {record.Attempts} attempt(s); last error: {last?.Message ?? "unknown"}");
            return;
        }

        var kind = FileKinds.Of(item.Path);
        if (kind is not FileKind.Regular and not FileKind.Missing)
        {
            // Reading a FIFO blocks until a writer comes and a device may never end: never open one.
            GiveUp(item, claim, record, "not-a-regular-file", $"Not a slide: it {FileKinds.NotASlideReason(kind)}.");
            return;
        }

        var slideEntry = item.Snapshot.Entries.FirstOrDefault(e => e.RelativePath == name);
        if (slideEntry.Size == 0)
        {
            GiveUp(item, claim, record, "empty-file", $"The file is empty (0 bytes) and stayed so for the quiet period ({_options.QuietPeriod.TotalSeconds} s).");
            return;
        }

        if (!SlideDiscovery.SlideExtensions.Contains(Path.GetExtension(name)) && _pipeline.Opener.DetectVendor(item.Path) is null)
        {
            GiveUp(item, claim, record, "not-a-slide", "Not a slide: the extension is not a slide format and the slide library does not recognise the content.");
            return;
        }

        record.Attempts++;
        record.State = ClaimRecord.Processing;
        record.NextAttemptUtc = null;
        record.HeldBy(_me, now);
        claim.Write(record);
        WorkerLog.SlideClaimed(_logger, name, record.Attempts, _options.MaxAttempts);
        Parts.Status.Begin(name, record.Attempts);
        var result = await Parts.Attempt.RunAsync(item, new AttemptProgress(Parts.Status, _observer, name), ct).ConfigureAwait(false);
        Conclude(item, claim, record, result);
    }

    /// <summary>Applies the outcome of an attempt to the claim, the source and the counts.</summary>
    private void Conclude(DropItem item, SlideClaim claim, ClaimRecord record, AttemptResult result)
    {
        var name = item.Name;
        switch (result.Outcome)
        {
            case WorkerOutcome.Done or WorkerOutcome.UpToDate:
                FinishDone(item, claim, record, result.Before, result.Outcome, result.Tiles, result.Seconds, result.Outputs);
                foreach (var warning in result.Warnings)
                {
                    WorkerLog.SlideWarning(_logger, name, warning);
                }

                return;
            case WorkerOutcome.SourceGone:
                claim.Complete();
                Forget(name);
                WorkerLog.SlideGone(_logger, name);
                break;
            case WorkerOutcome.SourceChanged or WorkerOutcome.Abandoned:
                // Not the slide's fault: the attempt does not count.
                record.Attempts--;
                record.State = ClaimRecord.Waiting;
                claim.Release(record);
                if (result.Outcome == WorkerOutcome.Abandoned)
                {
                    WorkerLog.SlideAbandoned(_logger, name, _options.GracePeriod.TotalSeconds);
                }
                else
                {
                    WorkerLog.SlideChanged(_logger, name);
                    Parts.Queue.Restart(name);
                }

                break;
            case WorkerOutcome.Retrying:
                var now = _clock.GetUtcNow();
                record.Errors.Add(new AttemptError(record.Attempts, now, _me.Host, _me.Pid, result.ErrorKind!, result.Error!));
                if (record.Attempts >= _options.MaxAttempts)
                {
                    GiveUp(item, claim, record, result.ErrorKind!, $"Failed {record.Attempts} time(s); last error: {result.Error}");
                    return;
                }

                var delay = RetryPolicy.DelayAfter(record.Attempts, _options.RetryDelay);
                record.State = ClaimRecord.Waiting;
                record.NextAttemptUtc = now + delay;
                claim.Release(record);
                Parts.Queue.Defer(name, delay);
                WorkerLog.SlideRetrying(_logger, name, record.Attempts, _options.MaxAttempts, result.ErrorKind!, result.Error!, delay.TotalSeconds);
                break;
        }

        Parts.Status.End(result.Outcome, name, result.ErrorKind, result.Error);
        _observer?.SlideFinished(name, result.Outcome, result.Error);
    }
}
