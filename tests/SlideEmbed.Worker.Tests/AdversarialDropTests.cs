using SlideEmbed.Arrow;
using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class AdversarialDropTests
{
    [Fact]
    public async Task Watch_AdversarialFolder_NothingHangsGoodSlidesDoneEachBadOneFailedWithItsReason()
    {
        using var bed = new WorkerTestBed();
        // Written beside the drop folder, then moved in whole, so the quiet period can be short.
        var staging = Path.Combine(bed.Root, "incoming");
        AdversarialFolder.Write(staging, withSameNameFolder: false);
        using var pipeline = WorkerTestBed.CreatePipeline();
        var observer = new RecordingObserver();
        var worker = new DropFolderWorker(bed.Options(0.5, maxAttempts: 2), pipeline, bed.Logger, null, observer);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        foreach (var entry in Directory.GetFileSystemEntries(staging))
        {
            File.Move(entry, Path.Combine(bed.Drop, Path.GetFileName(entry)));
        }

        var total = AdversarialFolder.GoodSlides.Length + AdversarialFolder.BadSlides.Length + AdversarialFolder.NotFiles.Length;
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length + WorkerTestBed.Names(bed.FailedDir).Count(n => !n.EndsWith(FailureReport.Suffix, StringComparison.Ordinal)) == total, TimeSpan.FromSeconds(120), bed.Describe);
        var stopping = DateTime.UtcNow;
        await stop.CancelAsync();
        await run;

        Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(10), "the worker took too long to stop");
        Assert.Equal(AdversarialFolder.GoodSlides.Order(StringComparer.Ordinal), WorkerTestBed.Names(bed.DoneDir));
        foreach (var (name, error) in AdversarialFolder.BadSlides)
        {
            var reason = bed.ReasonOf(name);
            Assert.Contains(name == "empty.svs" ? "empty" : error, reason.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        foreach (var (name, _) in AdversarialFolder.NotFiles)
        {
            Assert.Equal("not-a-regular-file", bed.ReasonOf(name).GetProperty("kind").GetString());
        }

        // The two near-collision names keep separate outputs.
        var owners = Directory.GetFiles(bed.ModelDir, "*.tiles.arrow").Select(f => ProvenanceRecord.TryRead(ArrowMetadata.TryRead(f))!.SlidePath).Select(Path.GetFileName).ToList();
        Assert.Equal(AdversarialFolder.GoodSlides.Order(StringComparer.Ordinal), owners.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Watch_SameNameDroppedTwice_SecondSlideGetsItsOwnIdAndTheFirstOutputsStay()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline();
        var worker = new DropFolderWorker(bed.Options(0.5), pipeline, bed.Logger);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);

        var first = TestSlides.Write(Path.Combine(bed.Root, "scan1"), "case.svs", 2000, 1500);
        var second = TestSlides.Write(Path.Combine(bed.Root, "scan2"), "case.svs", 2200, 1600);
        File.Move(first, Path.Combine(bed.Drop, "case.svs"));
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == 1, TimeSpan.FromSeconds(60), bed.Describe);
        var firstTiles = await File.ReadAllBytesAsync(Path.Combine(bed.ModelDir, "case.tiles.arrow"), TestContext.Current.CancellationToken);
        File.Move(second, Path.Combine(bed.Drop, "case.svs"));
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == 2, TimeSpan.FromSeconds(60), bed.Describe);
        await stop.CancelAsync();
        await run;

        var tiles = Directory.GetFiles(bed.ModelDir, "*.tiles.arrow").Select(Path.GetFileName).ToList();
        Assert.Equal(2, tiles.Count);
        Assert.Contains("case.tiles.arrow", tiles);
        Assert.Single(tiles, t => t!.StartsWith("case-", StringComparison.Ordinal));
        Assert.Equal(firstTiles, await File.ReadAllBytesAsync(Path.Combine(bed.ModelDir, "case.tiles.arrow"), TestContext.Current.CancellationToken));
        Assert.Equal(2, Directory.GetFiles(bed.ModelDir, "*.slide.arrow").Length);
    }
}
