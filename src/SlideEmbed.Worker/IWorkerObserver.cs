namespace SlideEmbed.Worker;

/// <summary>
/// Receives a worker's per-slide events (tests, dashboards). Called on the worker's threads, the tile
/// callback on pipeline threads; implementations return quickly and must be thread-safe.
/// </summary>
public interface IWorkerObserver
{
    /// <summary>The worker claimed an item; nothing of its content has been read before this.</summary>
    /// <param name="name">Item name (file name in the drop folder).</param>
    /// <param name="timeUtc">When.</param>
    void SlideClaimed(string name, DateTimeOffset timeUtc);

    /// <summary>Tiles of the slide being embedded so far.</summary>
    /// <param name="name">Item name.</param>
    /// <param name="done">Tiles done.</param>
    /// <param name="total">Tiles in the slide.</param>
    void Tiles(string name, int done, int total);

    /// <summary>A claim ended.</summary>
    /// <param name="name">Item name.</param>
    /// <param name="outcome">How.</param>
    /// <param name="detail">The error or reason, when there is one.</param>
    void SlideFinished(string name, WorkerOutcome outcome, string? detail);
}
