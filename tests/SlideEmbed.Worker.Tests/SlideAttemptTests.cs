using SlideEmbed.Pipeline;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class SlideAttemptTests
{
    [Fact]
    public async Task RunAsync_Slide_PublishesItsOutputsThenFindsThemUpToDate()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var (attempt, scanner) = Create(bed, pipeline);
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "a.svs"));
        var item = scanner.Look("a.svs")!;

        var first = await attempt.RunAsync(item, null, CancellationToken.None);
        var second = await attempt.RunAsync(item, null, CancellationToken.None);

        Assert.Equal(WorkerOutcome.Done, first.Outcome);
        Assert.True(first.Tiles > 0);
        string[] embeddings = [Path.Combine(bed.ModelDir, "a.slide.arrow"), Path.Combine(bed.ModelDir, "a.tiles.arrow")];
        Assert.Subset(first.Outputs.ToHashSet(), embeddings.ToHashSet());
        Assert.All(first.Outputs, o => Assert.True(File.Exists(o) && Path.GetDirectoryName(o) == bed.ModelDir, o));
        var staging = StagingArea.RootFor(bed.ModelDir);
        Assert.False(Directory.Exists(staging) && Directory.EnumerateFileSystemEntries(staging).Any());
        Assert.Equal((WorkerOutcome.UpToDate, first.Tiles, first.Before), (second.Outcome, second.Tiles, second.Before));
        Assert.Equal(embeddings, second.Outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SourceChangedDuringTheEmbedding_NothingPublished()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var (attempt, scanner) = Create(bed, pipeline);
        var path = Path.Combine(bed.Drop, "a.svs");
        File.Copy(WorkerTestBed.Slide(), path);
        var item = scanner.Look("a.svs")!;

        var result = await attempt.RunAsync(item, new OnTiles(() => File.AppendAllText(path, "more")), CancellationToken.None);

        Assert.Equal(WorkerOutcome.SourceChanged, result.Outcome);
        Assert.Empty(result.Outputs);
        Assert.Empty(Directory.GetFiles(bed.ModelDir));
    }

    [Fact]
    public async Task RunAsync_Cancelled_AbandonedWithoutOutputs()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var (attempt, scanner) = Create(bed, pipeline);
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "a.svs"));
        var item = scanner.Look("a.svs")!;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var result = await attempt.RunAsync(item, null, cancelled.Token);

        Assert.Equal(WorkerOutcome.Abandoned, result.Outcome);
        Assert.NotNull(result.Before);
        Assert.Empty(Directory.GetFiles(bed.ModelDir));
    }

    [Fact]
    public async Task RunAsync_NotASlideOrGone_FailedOrGoneWithoutOutputs()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var (attempt, scanner) = Create(bed, pipeline);
        File.WriteAllText(Path.Combine(bed.Drop, "junk.svs"), "not a slide");
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "gone.svs"));
        var junk = scanner.Look("junk.svs")!;
        var gone = scanner.Look("gone.svs")!;
        File.Delete(gone.Path);

        var failed = await attempt.RunAsync(junk, null, CancellationToken.None);
        var missing = await attempt.RunAsync(gone, null, CancellationToken.None);

        Assert.Equal(WorkerOutcome.Retrying, failed.Outcome);
        Assert.False(string.IsNullOrEmpty(failed.ErrorKind));
        Assert.NotNull(failed.Before);
        Assert.False(string.IsNullOrEmpty(failed.Error));
        Assert.Equal((WorkerOutcome.SourceGone, null), (missing.Outcome, missing.Before));
        Assert.Empty(Directory.GetFiles(bed.ModelDir));
    }

    private static (SlideAttempt Attempt, DropFolderScanner Scanner) Create(WorkerTestBed bed, WorkerPipeline pipeline)
    {
        Directory.CreateDirectory(bed.ModelDir);
        var scanner = new DropFolderScanner(bed.Drop, FinishedSourceAction.Move);
        return (new SlideAttempt(pipeline, scanner, bed.ModelDir, samePathIsSameSlide: false), scanner);
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
