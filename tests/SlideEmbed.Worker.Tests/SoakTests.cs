using System.Diagnostics;
using System.Globalization;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class SoakTests
{
    private const int Slides = 200;

    /// <summary>
    /// 200 small slides dropped at once into one worker process: all are embedded and the process's peak
    /// resident memory (VmHWM) stays bounded. Several minutes on two cores, so behind SLIDEEMBED_SLOW_TESTS=1.
    /// </summary>
    [Fact]
    public async Task Watch_200SlidesDroppedAtOnce_AllEmbeddedWithBoundedMemory()
    {
        SlowTests.Require("soak, 200 slides, several minutes");

        using var bed = new WorkerTestBed();
        var source = WorkerTestBed.Slide();
        var staging = Path.Combine(bed.Root, "incoming");
        Directory.CreateDirectory(staging);
        for (var i = 0; i < Slides; i++)
        {
            File.Copy(source, Path.Combine(staging, $"soak{i:000}.svs"));
        }

        using var child = ChildWorker.Start(bed.ChildArgs(1, "--batch-size", "8", "--readers", "2"));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var clock = Stopwatch.StartNew();
        foreach (var file in Directory.GetFiles(staging))
        {
            File.Move(file, Path.Combine(bed.Drop, Path.GetFileName(file)));
        }

        long peakKb = 0;
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (WorkerTestBed.Names(bed.DoneDir).Length < Slides && DateTime.UtcNow < deadline && !child.Process.HasExited)
        {
            peakKb = Math.Max(peakKb, PeakRssKb(child.Process.Id));
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        peakKb = Math.Max(peakKb, PeakRssKb(child.Process.Id));
        var seconds = clock.Elapsed.TotalSeconds;
        child.Terminate();
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), child.Output);

        var message = string.Create(CultureInfo.InvariantCulture, $"{Slides} slides in {seconds:0} s; peak RSS (VmHWM) {peakKb / 1024.0:0} MiB");
        TestContext.Current.TestOutputHelper?.WriteLine(message);
        Assert.Equal(Slides, WorkerTestBed.Names(bed.DoneDir).Length);
        Assert.True(peakKb < 1536 * 1024, message);
        bed.AssertOutputsExactlyOnce(Enumerable.Range(0, Slides).ToDictionary(i => $"soak{i:000}", _ => new FileInfo(source).Length));
    }

    private static long PeakRssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
