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
            all = _scanner.Scan();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WorkerLog.ScanFailed(_logger, _options.DropPath, e.Message);
            _status.Error(null, "scan-failed", e.Message);
            return;
        }

        var marker = _options.Finished == FinishedSourceAction.Marker;
        var pending = all.Where(i => !marker || !SourceMarkers.Settles(i)).ToList();
        lock (_gate)
        {
            _tracker.ObserveAll(pending);
            _items = pending.ToDictionary(i => i.Name, StringComparer.Ordinal);
            foreach (var gone in _notBefore.Keys.Where(k => !_items.ContainsKey(k)).ToList())
            {
                _notBefore.Remove(gone);
            }
        }

        UpdateQueue();
        _workSignal.Writer.TryWrite(true);
        RemoveOrphanClaims(all);
    }

    /// <summary>Writes the queue depth (items not yet finished) and how many are ready into the status file.</summary>
    private void UpdateQueue()
    {
        int depth, ready;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            depth = _items.Count;
            ready = _items.Keys.Count(n => IsDue(n, now));
        }

        _status.SetQueue(depth, ready);
    }

    /// <summary>Whether an item could be taken now (caller holds <see cref="_gate"/>).</summary>
    private bool IsDue(string name, DateTimeOffset now) =>
        _tracker.ReadyAt(name) is { } at && at <= now && (!_notBefore.TryGetValue(name, out var nb) || nb <= now);

    /// <summary>Deletes claim files whose item has left the drop folder (a worker died after moving it but before deleting its claim).</summary>
    private void RemoveOrphanClaims(IReadOnlyList<DropItem> present)
    {
        var names = new HashSet<string>(present.Select(i => i.Name), StringComparer.Ordinal);
        IReadOnlyList<string> claimed;
        try
        {
            claimed = _claims.Names();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var name in claimed.Where(n => !names.Contains(n)))
        {
            try
            {
                var attempt = _claims.TryAcquire(name);
                if (attempt.Claim is not { } claim)
                {
                    continue;
                }

                // Checked again under the claim: the item may have been dropped since the scan.
                if (_scanner.Look(name) is null)
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
