namespace SlideEmbed.Worker;

/// <summary>
/// The items of the drop folder that are not finished yet, since when each has looked the same (its
/// quiet period, by the worker's clock; see <see cref="StabilityTracker"/>) and the earliest time each may be
/// taken again after a deferral. Picks the item that has been stable longest. Thread-safe: the scan loop
/// updates it while the processing loop picks from it.
/// </summary>
internal sealed class DropQueue
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly StabilityTracker _tracker;
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private Dictionary<string, DropItem> _items = new(StringComparer.Ordinal);

    /// <summary>Creates an empty queue.</summary>
    /// <param name="clock">The worker's clock.</param>
    /// <param name="quietPeriod">How long an item must look the same before it may be taken.</param>
    public DropQueue(TimeProvider clock, TimeSpan quietPeriod)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _tracker = new StabilityTracker(clock, quietPeriod);
    }

    /// <summary>Replaces the items with those of a full scan: new ones start their quiet period, gone ones are forgotten with their deferrals.</summary>
    /// <param name="pending">The unfinished items in the drop folder now.</param>
    public void Update(IReadOnlyList<DropItem> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        lock (_gate)
        {
            _tracker.ObserveAll(pending);
            _items = pending.ToDictionary(i => i.Name, StringComparer.Ordinal);
            foreach (var gone in _notBefore.Keys.Where(k => !_items.ContainsKey(k)).ToList())
            {
                _notBefore.Remove(gone);
            }
        }
    }

    /// <summary>The queue depth (items not finished) and how many of them could be taken now.</summary>
    /// <returns>(depth, ready).</returns>
    public (int Depth, int Ready) Counts()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            return (_items.Count, _items.Keys.Count(n => _tracker.ReadyAt(n) is { } at && at <= now && (!_notBefore.TryGetValue(n, out var nb) || nb <= now)));
        }
    }

    /// <summary>The item to take now (the one stable longest), or when one will be due.</summary>
    /// <returns>The item's name or null, and the earliest time a waiting item becomes due (null when none is waiting).</returns>
    public (string? Next, DateTimeOffset? WakeAt) Pick()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            string? best = null;
            var bestAt = DateTimeOffset.MaxValue;
            DateTimeOffset? wake = null;
            foreach (var name in _items.Keys)
            {
                if (_tracker.ReadyAt(name) is not { } readyAt)
                {
                    continue;
                }

                var at = _notBefore.TryGetValue(name, out var nb) && nb > readyAt ? nb : readyAt;
                if (at <= now)
                {
                    if (readyAt < bestAt)
                    {
                        (best, bestAt) = (name, readyAt);
                    }
                }
                else if (wake is null || at < wake)
                {
                    wake = at;
                }
            }

            return (best, wake);
        }
    }

    /// <summary>Keeps an item from being picked for a while (retry back-off, another worker holds it).</summary>
    /// <param name="name">Item name.</param>
    /// <param name="delay">From now.</param>
    public void Defer(string name, TimeSpan delay)
    {
        lock (_gate)
        {
            _notBefore[name] = _clock.GetUtcNow() + delay;
        }
    }

    /// <summary>Records a fresh look at an item and says whether it has looked the same for the quiet period.</summary>
    /// <param name="item">The item as just seen.</param>
    /// <returns>True when stable.</returns>
    public bool IsStable(DropItem item)
    {
        lock (_gate)
        {
            return _tracker.IsStable(item);
        }
    }

    /// <summary>Records a look at an item that changed since it was picked: its quiet period starts again from this look.</summary>
    /// <param name="item">The item as just seen.</param>
    public void Observe(DropItem item)
    {
        lock (_gate)
        {
            _tracker.Observe(item);
        }
    }

    /// <summary>Makes an item wait a whole quiet period again from its next look (it changed while being processed).</summary>
    /// <param name="name">Item name.</param>
    public void Restart(string name)
    {
        lock (_gate)
        {
            _tracker.Forget(name);
        }
    }

    /// <summary>Drops an item that is gone or settled until a scan sees it again; a deferral stays until that scan.</summary>
    /// <param name="name">Item name.</param>
    public void Remove(string name)
    {
        lock (_gate)
        {
            _items.Remove(name);
            _tracker.Forget(name);
        }
    }

    /// <summary>Forgets a finished item entirely, deferral included.</summary>
    /// <param name="name">Item name.</param>
    public void Forget(string name)
    {
        lock (_gate)
        {
            _items.Remove(name);
            _notBefore.Remove(name);
            _tracker.Forget(name);
        }
    }
}
