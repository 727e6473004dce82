using System.Text.Json;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Watch_SigtermWhileEmbedding_SlideFinishesWithinGraceThenProcessExits()
    {
        using var bed = new WorkerTestBed();
        var slide = WorkerTestBed.Slide(6000, 4500);
        File.Copy(slide, Path.Combine(bed.Drop, "big.svs"));
        // Overlapping tiles make the slide take several seconds, longer than the 2 s System.CommandLine gives an
        // action after SIGTERM (exit code 143 then shows the process was kept alive for the grace period).
        using var child = ChildWorker.Start(bed.ChildArgs(0.3, "--grace-period", "60", "--batch-size", "2", "--readers", "1", "--overlap", "128"));
        await WorkerTestBed.WaitUntil(() => bed.IsEmbedding(child.Process.Id), TimeSpan.FromSeconds(30), () => bed.Describe() + child.Output);

        child.Terminate();

        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), child.Output);
        Assert.Contains(child.Process.ExitCode, new[] { 0, 143 });
        var output = child.Output;
        Assert.True(output.IndexOf("Stopping", StringComparison.Ordinal) < output.IndexOf("Done big.svs", StringComparison.Ordinal), output);
        Assert.Equal(["big.svs"], WorkerTestBed.Names(bed.DoneDir));
        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["big"] = new FileInfo(slide).Length });
        using var status = bed.Status()!;
        Assert.Equal("stopped", status.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Watch_SigtermWithNoGrace_SlideAbandonedWithoutOutputsAndRedoneAfterRestart()
    {
        using var bed = new WorkerTestBed();
        var slide = WorkerTestBed.Slide(6000, 4500);
        File.Copy(slide, Path.Combine(bed.Drop, "big.svs"));
        using (var child = ChildWorker.Start(bed.ChildArgs(0.3, "--grace-period", "0", "--batch-size", "2", "--readers", "1", "--overlap", "128")))
        {
            await WorkerTestBed.WaitUntil(() => bed.IsEmbedding(child.Process.Id), TimeSpan.FromSeconds(30), () => bed.Describe() + child.Output);
            child.Terminate();
            Assert.True(child.WaitForExit(TimeSpan.FromSeconds(20)), child.Output);
            Assert.Contains("Abandoned big.svs", child.Output, StringComparison.Ordinal);
        }

        Assert.Equal(["big.svs"], WorkerTestBed.Names(bed.Drop));
        Assert.Empty(Directory.GetFiles(bed.ModelDir, "big.*"));
        Assert.Empty(Directory.GetFiles(bed.Root, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(bed.ModelDir, ".staging"), "*", SearchOption.AllDirectories));
        using (var claim = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(bed.Drop, ".claims", "big.svs.claim"), TestContext.Current.CancellationToken)))
        {
            Assert.Equal("waiting", claim.RootElement.GetProperty("state").GetString());
            Assert.Equal(0, claim.RootElement.GetProperty("attempts").GetInt32()); // an abandoned attempt does not count
        }

        using (var again = ChildWorker.Start(bed.ChildArgs(0.3, "--batch-size", "8", "--readers", "2")))
        {
            await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == 1, TimeSpan.FromSeconds(60), () => bed.Describe() + again.Output);
            again.Terminate();
            Assert.True(again.WaitForExit(TimeSpan.FromSeconds(30)), again.Output);
        }

        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["big"] = new FileInfo(slide).Length });
    }

    [Fact]
    public async Task WorkerHost_StartedAndStopped_ProcessesASlideAndLeavesStatusStopped()
    {
        using var bed = new WorkerTestBed();
        using var pipeline = WorkerTestBed.CreatePipeline();
        using var host = WorkerHost.Build(bed.Options(0.3), pipeline, "json");
        await host.StartAsync(TestContext.Current.CancellationToken);
        File.Copy(WorkerTestBed.Slide(), Path.Combine(bed.Drop, "hosted.svs"));

        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == 1, TimeSpan.FromSeconds(60), bed.Describe);
        await host.StopAsync(TestContext.Current.CancellationToken);

        using var status = bed.Status()!;
        Assert.Equal("stopped", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(1, status.RootElement.GetProperty("counts").GetProperty("done").GetInt32());
        bed.AssertOutputsExactlyOnce(new Dictionary<string, long> { ["hosted"] = new FileInfo(WorkerTestBed.Slide()).Length });
    }
}
