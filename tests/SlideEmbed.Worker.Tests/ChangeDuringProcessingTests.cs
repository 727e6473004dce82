namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class ChangeDuringProcessingTests
{
    [Fact]
    public async Task Watch_SlideDeletedWhileProcessed_NoOutputNoCrashAndNextSlideProcessed()
    {
        using var bed = new WorkerTestBed();
        var observer = new RecordingObserver();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var worker = new DropFolderWorker(bed.Options(0.5), pipeline, bed.Logger, null, observer);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        var doomed = Path.Combine(bed.Drop, "doomed.svs");
        observer.OnFirstTiles("doomed.svs", () => File.Delete(doomed));
        File.Copy(WorkerTestBed.Slide(4000, 3000), doomed);

        await WorkerTestBed.WaitUntil(() => !observer.Finished.IsEmpty, TimeSpan.FromSeconds(60), bed.Describe);
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "next.svs"));
        await WorkerTestBed.WaitUntil(() => observer.Finished.Count == 2, TimeSpan.FromSeconds(60), bed.Describe);
        await stop.CancelAsync();
        await run;

        Assert.Equal([WorkerOutcome.SourceGone], observer.OutcomesOf("doomed.svs"));
        Assert.Equal([WorkerOutcome.Done], observer.OutcomesOf("next.svs"));
        Assert.Empty(Directory.GetFiles(bed.ModelDir, "doomed.*"));
        Assert.Empty(WorkerTestBed.Names(bed.FailedDir));
        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["next"] = new FileInfo(WorkerTestBed.Slide()).Length });
    }

    [Fact]
    public async Task Watch_SlideReplacedWhileProcessed_OldOutputsDiscardedReplacementProcessed()
    {
        using var bed = new WorkerTestBed();
        var observer = new RecordingObserver();
        using var pipeline = WorkerTestBed.CreatePipeline(batchSize: 4, readers: 1);
        var worker = new DropFolderWorker(bed.Options(0.5), pipeline, bed.Logger, null, observer);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        var path = Path.Combine(bed.Drop, "case.svs");
        var replacement = WorkerTestBed.Slide(2400, 1800);
        observer.OnFirstTiles("case.svs", () =>
        {
            // The scanner rescans the case and writes the new file over the old name (a rename, as rsync does).
            var temp = Path.Combine(bed.Drop, ".case.svs.tmp");
            File.Copy(replacement, temp);
            File.Move(temp, path, overwrite: true);
        });
        File.Copy(WorkerTestBed.Slide(4000, 3000), path);

        await WorkerTestBed.WaitUntil(() => observer.Finished.Count == 2, TimeSpan.FromSeconds(60), bed.Describe);
        await stop.CancelAsync();
        await run;

        Assert.Equal([WorkerOutcome.SourceChanged, WorkerOutcome.Done], observer.OutcomesOf("case.svs"));
        var size = new FileInfo(replacement).Length;
        Assert.Equal(["case.svs"], WorkerTestBed.Names(bed.DoneDir));
        Assert.Equal(size, new FileInfo(Path.Combine(bed.DoneDir, "case.svs")).Length);
        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["case"] = size });
    }
}
