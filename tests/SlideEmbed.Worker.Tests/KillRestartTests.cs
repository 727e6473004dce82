namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class KillRestartTests
{
    [Fact]
    public async Task Watch_SigkilledAtRandomPointsAndRestarted_EverySlideDoneOnceNoPartialFilesNoneLost()
    {
        using var bed = new WorkerTestBed();
        var random = new Random(20261123);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            File.Copy(WorkerTestBed.Slide(4000, 3000), Path.Combine(bed.Drop, $"early{i}.svs"));
            sizes[$"early{i}"] = new FileInfo(WorkerTestBed.Slide(4000, 3000)).Length;
        }

        // More slides arrive, slowly, while the worker is being killed and restarted.
        var late = await File.ReadAllBytesAsync(WorkerTestBed.Slide(2400, 1800), TestContext.Current.CancellationToken);
        var scanner = Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                await Task.Delay(1500);
                await WorkerTestBed.WriteSlowlyAsync(late, Path.Combine(bed.Drop, $"late{i}.svs"), 4, TimeSpan.FromMilliseconds(150));
            }
        });
        for (var i = 0; i < 4; i++)
        {
            sizes[$"late{i}"] = late.Length;
        }

        var kills = 0;
        var midSlideKills = 0;
        var logs = new System.Text.StringBuilder();
        string[] args = [.. bed.ChildArgs(0.5, "--max-attempts", "20", "--batch-size", "4", "--readers", "1")];
        for (var round = 0; round < 6; round++)
        {
            using var child = ChildWorker.Start(args);
            if (round % 2 == 0)
            {
                // Anywhere: starting up, in a quiet period, embedding, publishing, moving.
                await Task.Delay(random.Next(500, 3000), TestContext.Current.CancellationToken);
            }
            else
            {
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (DateTime.UtcNow < deadline && !child.Process.HasExited && !bed.IsEmbedding(child.Process.Id))
                {
                    await Task.Delay(20, TestContext.Current.CancellationToken);
                }

                if (bed.IsEmbedding(child.Process.Id))
                {
                    midSlideKills++;
                }

                await Task.Delay(random.Next(0, 400), TestContext.Current.CancellationToken);
            }

            Assert.False(child.Process.HasExited, child.Output);
            child.Kill();
            kills++;
            logs.Append(child.Output);
        }

        await scanner;
        using (var final = ChildWorker.Start(args))
        {
            await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length + WorkerTestBed.Names(bed.FailedDir).Length >= sizes.Count, TimeSpan.FromSeconds(120), () => bed.Describe() + final.Output);
            final.Terminate();
            Assert.True(final.WaitForExit(TimeSpan.FromSeconds(30)), final.Output);
            logs.Append(final.Output);
        }

        Assert.Equal(6, kills);
        Assert.True(midSlideKills >= 1, "no kill hit a slide being embedded");
        // A later run removed what a killed one left in staging and took over its claim.
        Assert.Contains("\"EventId\":15", logs.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"EventId\":10", logs.ToString(), StringComparison.Ordinal);
        Assert.Empty(WorkerTestBed.Names(bed.FailedDir));
        Assert.Empty(WorkerTestBed.Names(bed.Drop));
        Assert.Equal(sizes.Keys.Select(k => k + ".svs").Order(StringComparer.Ordinal), WorkerTestBed.Names(bed.DoneDir));
        bed.AssertOutputsExactlyOnce(sizes);
    }
}
