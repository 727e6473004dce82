namespace SlideEmbed.Worker;

/// <summary>Discovery: rescans on watcher events and on the rescan interval, and clears claims of items that are gone.</summary>
public sealed partial class DropFolderWorker
{
    // Watcher events come in bursts while a file is written; one rescan per burst is enough.
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(200);

    private async Task ScanLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ScanOnce();
            await WaitAsync(_scanSignal, _options.RescanInterval, ct).ConfigureAwait(false);
            await Task.Delay(s_debounce, _clock, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Looks at the whole drop folder once: updates what is known, the queue in the status file, and wakes the processor.</summary>
    private void ScanOnce()
    {
        IReadOnlyList<DropItem> all;
        try
        {
            all = Parts.Scanner.Scan();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WorkerLog.ScanFailed(_logger, _options.DropPath, e.Message);
            Parts.Status.Error(null, "scan-failed", e.Message);
            return;
        }

        var marker = _options.Finished == FinishedSourceAction.Marker;
        Parts.Queue.Update(all.Where(i => !marker || !SourceMarkers.Settles(i)).ToList());

        UpdateQueue();
        _workSignal.Writer.TryWrite(true);
        RemoveOrphanClaims(all);
    }

    /// <summary>Writes the queue depth (items not yet finished) and how many are ready into the status file.</summary>
    private void UpdateQueue()
    {
        var (depth, ready) = Parts.Queue.Counts();
        Parts.Status.SetQueue(depth, ready);
    }

    /// <summary>Deletes claim files whose item has left the drop folder (a worker died after moving it but before deleting its claim).</summary>
    private void RemoveOrphanClaims(IReadOnlyList<DropItem> present)
    {
        var names = new HashSet<string>(present.Select(i => i.Name), StringComparer.Ordinal);
        IReadOnlyList<string> claimed;
        try
        {
            claimed = Parts.Claims.Names();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var name in claimed.Where(n => !names.Contains(n)))
        {
            try
            {
                var attempt = Parts.Claims.TryAcquire(name);
                if (attempt.Claim is not { } claim)
                {
                    continue;
                }

                // Checked again under the claim: the item may have been dropped since the scan.
                if (Parts.Scanner.Look(name) is null)
                {
                    claim.Complete();
                }
                else
                {
                    claim.Dispose();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Tried again on the next scan.
            }
        }
    }
}
