namespace SlideEmbed.Worker;

/// <summary>
/// Remembers since when each dropped item has looked the same (same <see cref="DropSnapshot"/>), by the
/// worker's own clock, so that file-system clock skew cannot make a file look old. An item is stable
/// once it has looked the same for the quiet period. Not thread-safe; <see cref="DropQueue"/> serialises access.
/// </summary>
internal sealed class StabilityTracker
{
    private readonly TimeProvider _clock;
    private readonly TimeSpan _quiet;
    private readonly Dictionary<string, (string Digest, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);

    /// <summary>Creates a tracker.</summary>
    /// <param name="clock">The clock.</param>
    /// <param name="quiet">The quiet period.</param>
    public StabilityTracker(TimeProvider clock, TimeSpan quiet)
    {
        _clock = clock;
        _quiet = quiet;
    }

    /// <summary>Records a look at an item.</summary>
    /// <param name="item">The item as just seen.</param>
    /// <returns>Since when it has looked like this.</returns>
    public DateTimeOffset Observe(DropItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var now = _clock.GetUtcNow();
        if (_seen.TryGetValue(item.Name, out var seen) && seen.Digest == item.Snapshot.Digest)
        {
            return seen.Since;
        }

        _seen[item.Name] = (item.Snapshot.Digest, now);
        return now;
    }

    /// <summary>Records a full scan: every item seen, and forgets items no longer there.</summary>
    /// <param name="items">Everything in the drop folder now.</param>
    public void ObserveAll(IReadOnlyCollection<DropItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var names = new HashSet<string>(items.Select(i => i.Name), StringComparer.Ordinal);
        foreach (var gone in _seen.Keys.Where(k => !names.Contains(k)).ToList())
        {
            _seen.Remove(gone);
        }

        foreach (var item in items)
        {
            Observe(item);
        }
    }

    /// <summary>Records a fresh look and says whether the item has been unchanged for the quiet period.</summary>
    /// <param name="item">The item as just seen.</param>
    /// <returns>True when stable.</returns>
    public bool IsStable(DropItem item) => _clock.GetUtcNow() - Observe(item) >= _quiet;

    /// <summary>When an item will have been unchanged for the quiet period, if it stays as last seen; null when unknown.</summary>
    /// <param name="name">Item name.</param>
    /// <returns>The time.</returns>
    public DateTimeOffset? ReadyAt(string name) => _seen.TryGetValue(name, out var seen) ? seen.Since + _quiet : null;

    /// <summary>Forgets an item, so that it must look the same for a whole quiet period again.</summary>
    /// <param name="name">Item name.</param>
    public void Forget(string name) => _seen.Remove(name);
}
