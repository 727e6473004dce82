using System.Collections.Concurrent;

namespace SlideEmbed.Worker.Tests;

/// <summary>Records a worker's events; optional hooks run on the first tile callback of a slide.</summary>
internal sealed class RecordingObserver : IWorkerObserver
{
    private readonly ConcurrentDictionary<string, Action> _onFirstTiles = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Name, DateTimeOffset Time)> Claims { get; } = new();

    public ConcurrentQueue<(string Name, WorkerOutcome Outcome, string? Detail)> Finished { get; } = new();

    /// <summary>Runs <paramref name="action"/> (once) on the pipeline thread when <paramref name="name"/> reports its first tiles.</summary>
    public void OnFirstTiles(string name, Action action) => _onFirstTiles[name] = action;

    public void SlideClaimed(string name, DateTimeOffset timeUtc) => Claims.Enqueue((name, timeUtc));

    public void Tiles(string name, int done, int total)
    {
        if (done > 0 && _onFirstTiles.TryRemove(name, out var action))
        {
            action();
        }
    }

    public void SlideFinished(string name, WorkerOutcome outcome, string? detail) => Finished.Enqueue((name, outcome, detail));

    public IReadOnlyList<WorkerOutcome> OutcomesOf(string name) => Finished.Where(f => f.Name == name).Select(f => f.Outcome).ToList();

    public int CountOf(WorkerOutcome outcome) => Finished.Count(f => f.Outcome == outcome);
}
