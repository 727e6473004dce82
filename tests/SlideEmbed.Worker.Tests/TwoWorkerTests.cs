using System.Text.Json;

namespace SlideEmbed.Worker.Tests;

[Collection(WorkerIntegration.Name)]
public sealed class TwoWorkerTests
{
    private const int Slides = 8;

    [Fact]
    public async Task Watch_TwoProcessesOnOneDropFolder_EverySlideClaimedAndProcessedExactlyOnce()
    {
        using var bed = new WorkerTestBed();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Slides; i++)
        {
            var source = i % 2 == 0 ? WorkerTestBed.Slide() : WorkerTestBed.Slide(2400, 1800);
            File.Copy(source, Path.Combine(bed.Drop, $"s{i}.svs"));
            sizes[$"s{i}"] = new FileInfo(source).Length;
        }

        // Every slide becomes ready at the same moment for both workers.
        using var a = ChildWorker.Start(bed.ChildArgs(1, "--status-file", Path.Combine(bed.Root, "a.json"), "--batch-size", "8", "--readers", "1"));
        using var b = ChildWorker.Start(bed.ChildArgs(1, "--status-file", Path.Combine(bed.Root, "b.json"), "--batch-size", "8", "--readers", "1"));
        await WorkerTestBed.WaitUntil(() => WorkerTestBed.Names(bed.DoneDir).Length == Slides, TimeSpan.FromSeconds(120), () => bed.Describe() + a.Output + b.Output);
        a.Terminate();
        b.Terminate();
        Assert.True(a.WaitForExit(TimeSpan.FromSeconds(30)), a.Output);
        Assert.True(b.WaitForExit(TimeSpan.FromSeconds(30)), b.Output);

        var claimedA = Events(a.Output, 2);
        var claimedB = Events(b.Output, 2);
        var doneA = Events(a.Output, 3);
        var doneB = Events(b.Output, 3);
        var split = $"A claimed [{string.Join(", ", claimedA)}], B claimed [{string.Join(", ", claimedB)}]";
        var expected = sizes.Keys.Select(k => k + ".svs").Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(claimedA.Concat(claimedB).Order(StringComparer.Ordinal)), split);
        Assert.True(expected.SequenceEqual(doneA.Concat(doneB).Order(StringComparer.Ordinal)), split);
        Assert.Equal(expected, WorkerTestBed.Names(bed.DoneDir));
        bed.AssertOutputsExactlyOnce(sizes);
    }

    /// <summary>The <c>Slide</c> property of the JSON log events with the given event id.</summary>
    private static List<string> Events(string output, int eventId)
    {
        var slides = new List<string>();
        foreach (var line in output.Split('\n').Where(l => l.StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("EventId", out var id) && id.GetInt32() == eventId && doc.RootElement.GetProperty("Category").GetString() == typeof(DropFolderWorker).FullName)
            {
                slides.Add(doc.RootElement.GetProperty("State").GetProperty("Slide").GetString()!);
            }
        }

        return slides;
    }
}
