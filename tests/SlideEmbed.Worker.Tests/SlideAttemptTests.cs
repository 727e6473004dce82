using SlideEmbed.Pipeline;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class SlideAttemptTests : IDisposable
{
    private readonly WorkerTestBed _bed = new();
    private readonly WorkerPipeline _pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
    private readonly DropFolderScanner _scanner;
    private readonly SlideAttempt _attempt;

    public SlideAttemptTests()
    {
        Directory.CreateDirectory(_bed.ModelDir);
        _scanner = new DropFolderScanner(_bed.Drop, FinishedSourceAction.Move);
        _attempt = new SlideAttempt(_pipeline, _scanner, _bed.ModelDir, samePathIsSameSlide: false);
    }

    [Fact]
    public async Task RunAsync_Slide_PublishesItsOutputsThenFindsThemUpToDate()
    {
        var item = Dropped("a.svs");

        var first = await _attempt.RunAsync(item, null, CancellationToken.None);
        var second = await _attempt.RunAsync(item, null, CancellationToken.None);

        Assert.Equal(WorkerOutcome.Done, first.Outcome);
        Assert.True(first.Tiles > 0);
        string[] embeddings = [Path.Combine(_bed.ModelDir, "a.slide.arrow"), Path.Combine(_bed.ModelDir, "a.tiles.arrow")];
        Assert.Subset(first.Outputs.ToHashSet(), embeddings.ToHashSet());
        Assert.All(first.Outputs, o => Assert.True(File.Exists(o) && Path.GetDirectoryName(o) == _bed.ModelDir, o));
        var staging = StagingArea.RootFor(_bed.ModelDir);
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any());
        Assert.Equal((WorkerOutcome.UpToDate, first.Tiles, first.Before), (second.Outcome, second.Tiles, second.Before));
        Assert.Equal(embeddings, second.Outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SourceChangedDuringTheEmbedding_NothingPublished()
    {
        var item = Dropped("a.svs");

        var result = await _attempt.RunAsync(item, new OnTiles(() => File.AppendAllText(item.Path, "more")), CancellationToken.None);

        Assert.Equal(WorkerOutcome.SourceChanged, result.Outcome);
        Assert.Empty(result.Outputs);
        Assert.Empty(Directory.GetFiles(_bed.ModelDir));
    }

    [Fact]
    public async Task RunAsync_Cancelled_AbandonedWithoutOutputs()
    {
        var item = Dropped("a.svs");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await _attempt.RunAsync(item, null, cancelled.Token);

        Assert.Equal(WorkerOutcome.Abandoned, result.Outcome);
        Assert.NotNull(result.Before);
        Assert.Empty(Directory.GetFiles(_bed.ModelDir));
    }

    [Fact]
    public async Task RunAsync_NotASlideOrGone_FailedOrGoneWithoutOutputs()
    {
        File.WriteAllText(Path.Combine(_bed.Drop, "junk.svs"), "not a slide");
        var junk = _scanner.Look("junk.svs")!;
        var gone = Dropped("gone.svs");
        File.Delete(gone.Path);

        var failed = await _attempt.RunAsync(junk, null, CancellationToken.None);
        var missing = await _attempt.RunAsync(gone, null, CancellationToken.None);

        Assert.Equal(WorkerOutcome.Retrying, failed.Outcome);
        Assert.False(string.IsNullOrEmpty(failed.ErrorKind));
        Assert.NotNull(failed.Before);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.Equal((WorkerOutcome.SourceGone, null), (missing.Outcome, missing.Before));
        Assert.Empty(Directory.GetFiles(_bed.ModelDir));
    }

    public void Dispose()
    {
        _pipeline.Dispose();
        _bed.Dispose();
    }

    private DropItem Dropped(string name)
    {
        File.Copy(WorkerTestBed.Slide(), Path.Combine(_bed.Drop, name));
        return _scanner.Look(name)!;
    }

    /// <summary>Runs an action at the first tile progress report, in the middle of the embedding.</summary>
    private sealed class OnTiles(Action action) : IRunProgress
    {
        private Action? _action = action;

        public void SlideStarted(int index, int count, string slideId)
        {
        }

        public void Tiles(int done, int total) => Interlocked.Exchange(ref _action, null)?.Invoke();

        public void SlideFinished(SlideReport report)
        {
        }
    }
}
