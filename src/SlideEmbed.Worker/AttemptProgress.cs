using SlideEmbed.Pipeline;

namespace SlideEmbed.Worker;

/// <summary>Passes an attempt's tile progress to the status file and the observer.</summary>
/// <param name="status">The worker's status file.</param>
/// <param name="observer">Per-slide events, or null.</param>
/// <param name="name">The item's name.</param>
internal sealed class AttemptProgress(WorkerStatus status, IWorkerObserver? observer, string name) : IRunProgress
{
    /// <inheritdoc/>
    public void SlideStarted(int index, int count, string slideId)
    {
    }

    /// <inheritdoc/>
    public void Tiles(int done, int total)
    {
        status.Tiles(done, total);
        observer?.Tiles(name, done, total);
    }

    /// <inheritdoc/>
    public void SlideFinished(SlideReport report)
    {
    }
}
