using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;
using System.Collections.Concurrent;
using System.Text.Json;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class EndToEndTests
{
    private const int Slides = 20;

    [Fact]
    public async Task Watch_ScannerWritesSlidesInChunksAmongBadFiles_EachCompleteSlideEmbeddedOnceBadOnesFailWithReasons()
    {
        using var bed = new WorkerTestBed("demo-vit");
        var quiet = TimeSpan.FromSeconds(2);
        var observer = new RecordingObserver();
        using var pipeline = WorkerTestBed.CreatePipeline(model: Path.Combine(TestAssets.RepoRoot, "manifests", "demo-vit.json"));
        var worker = new DropFolderWorker(bed.Options(quiet.TotalSeconds, maxAttempts: 2), pipeline, bed.Logger, null, observer);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);

        var small = await File.ReadAllBytesAsync(WorkerTestBed.Slide(), TestContext.Current.CancellationToken);
        var large = await File.ReadAllBytesAsync(WorkerTestBed.Slide(2400, 1800), TestContext.Current.CancellationToken);
        var lastWrite = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        // The poison items arrive first, so the good slides queue behind them.
        await File.WriteAllBytesAsync(Path.Combine(bed.Drop, "empty.svs"), [], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(bed.Drop, "notes.txt"), "scanner log, not a slide", TestContext.Current.CancellationToken);
        lastWrite["truncated.svs"] = await WorkerTestBed.WriteSlowlyAsync(large[..(large.Length * 2 / 5)], Path.Combine(bed.Drop, "truncated.svs"), 3, TimeSpan.FromMilliseconds(250));
        // Two scanners write concurrently, each slide in six chunks 250 ms apart.
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < Slides; i += 2)
            {
                var content = i % 3 == 0 ? large : small;
                var name = $"slide{i:00}.svs";
                lastWrite[name] = await WorkerTestBed.WriteSlowlyAsync(content, Path.Combine(bed.Drop, name), 6, TimeSpan.FromMilliseconds(250));
            }
        })).ToList();
        for (var i = 0; i < Slides; i++)
        {
            sizes[$"slide{i:00}"] = (i % 3 == 0 ? large : small).Length;
        }

        await Task.WhenAll(writers);
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == Slides && WorkerTestBed.Names(bed.FailedDir).Length == 3, TimeSpan.FromSeconds(90), bed.Describe);
        await stop.CancelAsync();
        await run;

        Assert.Equal(sizes.Keys.Select(k => k + ".svs"), WorkerTestBed.Names(bed.DoneDir));
        Assert.Equal(["empty.svs", "notes.txt", "truncated.svs"], WorkerTestBed.Names(bed.FailedDir));
        Assert.Empty(WorkerTestBed.Names(bed.Drop));
        bed.AssertOutputsExactlyOnce(sizes);

        // Nothing was read before it was complete: every claim came a quiet period after the item's last write.
        foreach (var (name, time) in observer.Claims)
        {
            if (lastWrite.TryGetValue(name, out var written))
            {
                Assert.True(time >= written + (quiet * 0.9), $"{name} claimed at {time:O}, last written at {written:O}");
            }
        }

        foreach (var name in sizes.Keys.Select(k => k + ".svs"))
        {
            Assert.Equal([WorkerOutcome.Done], observer.OutcomesOf(name));
            Assert.Single(observer.Claims, c => c.Name == name);
        }

        Assert.Equal("empty-file", bed.ReasonOf("empty.svs").GetProperty("kind").GetString());
        Assert.Equal("not-a-slide", bed.ReasonOf("notes.txt").GetProperty("kind").GetString());
        var truncated = bed.ReasonOf("truncated.svs");
        Assert.Equal(2, truncated.GetProperty("attempts").GetInt32());
        Assert.Equal(2, truncated.GetProperty("errors").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(truncated.GetProperty("reason").GetString()));
        Assert.Equal([WorkerOutcome.Retrying, WorkerOutcome.Failed], observer.OutcomesOf("truncated.svs"));

        using var status = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bed.Drop, ".status", WorkerIdentity.SafeHostName + ".json"), TestContext.Current.CancellationToken));
        var counts = status.RootElement.GetProperty("counts");
        Assert.Equal(Slides, counts.GetProperty("done").GetInt32());
        Assert.Equal(3, counts.GetProperty("failed").GetInt32());
        Assert.Equal("stopped", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, status.RootElement.GetProperty("queue_depth").GetInt32());
        Assert.Equal("truncated.svs", status.RootElement.GetProperty("last_error").GetProperty("slide").GetString());
    }

    [Fact]
    public async Task Watch_MarkerMode_SourcesStayWithMarkersAndAChangedSlideIsRedone()
    {
        using var bed = new WorkerTestBed();
        var observer = new RecordingObserver();
        using var pipeline = WorkerTestBed.CreatePipeline();
        var worker = new DropFolderWorker(bed.Options(0.5, finished: FinishedSourceAction.Marker, maxAttempts: 1), pipeline, bed.Logger, null, observer);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "a.svs"));
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "b.svs"));
        await File.WriteAllTextAsync(Path.Combine(bed.Drop, "readme.md"), "not a slide", TestContext.Current.CancellationToken);

        await WorkerTestBed.WaitUntil(() => observer.Finished.Count == 3, TimeSpan.FromSeconds(60), bed.Describe);
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // several rescans: nothing is taken again
        Assert.Equal(3, observer.Claims.Count);
        Assert.True(File.Exists(Path.Combine(bed.Drop, "a.svs.done")));
        Assert.True(File.Exists(Path.Combine(bed.Drop, "b.svs.done")));
        Assert.True(File.Exists(Path.Combine(bed.Drop, "readme.md.failed")));
        Assert.False(Directory.Exists(bed.DoneDir));

        File.SetLastWriteTimeUtc(Path.Combine(bed.Drop, "a.svs"), DateTime.UtcNow);
        await WorkerTestBed.WaitUntil(() => observer.Finished.Count == 4, TimeSpan.FromSeconds(30), bed.Describe);
        await stop.CancelAsync();
        await run;

        Assert.Equal([WorkerOutcome.Done, WorkerOutcome.Done], observer.OutcomesOf("a.svs"));
        Assert.Equal([WorkerOutcome.Failed], observer.OutcomesOf("readme.md"));
        Assert.Equal(["a.svs", "a.svs.done", "b.svs", "b.svs.done", "readme.md", "readme.md.failed"], WorkerTestBed.Names(bed.Drop));
        var size = new FileInfo(WorkerTestBed.Slide()).Length;
        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["a"] = size, ["b"] = size });
    }

    [Fact]
    public async Task Watch_SlideWithoutTissue_DoneWithWarningsInTheLog()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline();
        var worker = new DropFolderWorker(bed.Options(0.5), pipeline, bed.Logger);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(stop.Token);

        // Written beside the drop folder, then moved in whole.
        var blank = Path.Combine(bed.Root, "blank.svs");
        SyntheticSlideWriter.Write(blank, new SyntheticSlideSpec(2000, 1500, MicronsPerPixel.Isotropic(0.5)) { Style = SyntheticSlideStyle.Aperio });
        File.Move(blank, Path.Combine(bed.Drop, "blank.svs"));
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == 1, TimeSpan.FromSeconds(60), bed.Describe);
        await stop.CancelAsync();
        await run;

        var log = bed.Logger.ToString();
        Assert.Contains("Warning Warning for blank.svs: no tissue found", log, StringComparison.Ordinal);
        Assert.Contains("Warning Warning for blank.svs: no slide embedding", log, StringComparison.Ordinal);
        Assert.DoesNotContain(".staging", log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(bed.ModelDir, "blank.tiles.arrow")), bed.Describe());
        Assert.False(File.Exists(Path.Combine(bed.ModelDir, "blank.slide.arrow")));
    }
}
