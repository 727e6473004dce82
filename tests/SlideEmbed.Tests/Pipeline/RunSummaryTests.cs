using System.Text.Json;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Pipeline;

public sealed class RunSummaryTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Merge_ShardsCoveringTheList_CompleteWithPerShardRates()
    {
        using var dir = new TempFolder();
        var list = Slides(dir, 4);
        Write(dir, new SlideShard(0, 2), list, s_t0, 10, Done(dir, list[0], 30), Done(dir, list[2], 10));
        Write(dir, new SlideShard(1, 2), list, s_t0, 20, Done(dir, list[1], 50), UpToDate(dir, list[3], 7));

        var summary = RunSummary.Merge(dir);

        Assert.True(summary.Complete);
        Assert.Equal(4, summary.List.Count);
        Assert.Equal(3, summary.Done.Count);
        Assert.Single(summary.UpToDate);
        using var json = JsonDocument.Parse(summary.ToJson());
        var reports = json.RootElement.GetProperty("reports").EnumerateArray().ToDictionary(r => r.GetProperty("shard").GetString()!);
        Assert.Equal(4.0, reports["0/2"].GetProperty("tiles_per_second").GetDouble(), 6);
        Assert.Equal(2.5, reports["1/2"].GetProperty("tiles_per_second").GetDouble(), 6);
        Assert.Equal(20.0, reports["1/2"].GetProperty("wall_seconds").GetDouble(), 6);
        Assert.Contains("4 slides in the list: 3 embedded, 1 up to date, 0 failed, 0 missing (2 reports)", summary.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OneShardNeverReported_ItsSlidesMissing()
    {
        using var dir = new TempFolder();
        var list = Slides(dir, 4);
        Write(dir, new SlideShard(0, 2), list, s_t0, 10, Done(dir, list[0], 3), Done(dir, list[2], 3));

        var summary = RunSummary.Merge(dir);

        Assert.False(summary.Complete);
        Assert.Equal([list[1], list[3]], summary.Missing);
        Assert.Contains($"MISSING {list[3]}", summary.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_FailedThenResubmitted_LatestReportDecides()
    {
        using var dir = new TempFolder();
        var list = Slides(dir, 2);
        var failed = new SlideReport { Path = list[1], SlideId = "s1", Status = SlideStatus.Failed, ErrorKind = "unreadable", Error = "Bogus marker" };
        Write(dir, null, list, s_t0, 5, Done(dir, list[0], 3), failed);
        var before = RunSummary.Merge(dir);
        Write(dir, new SlideShard(0, 1), list, s_t0.AddMinutes(5), 5, UpToDate(dir, list[0], 3), Done(dir, list[1], 4));

        var after = RunSummary.Merge(dir);

        var (slide, report) = Assert.Single(before.Failed);
        Assert.Equal("Bogus marker", slide.Error);
        Assert.Equal("run-report.json", Path.GetFileName(report.FilePath));
        Assert.False(before.Complete);
        Assert.True(after.Complete);
        Assert.Equal(list[1], Assert.Single(after.Done).Path);
    }

    [Fact]
    public void Merge_OutputsDeletedSinceTheRun_Missing()
    {
        using var dir = new TempFolder();
        var list = Slides(dir, 2);
        Write(dir, new SlideShard(0, 1), list, s_t0, 5, Done(dir, list[0], 3), Done(dir, list[1], 3));
        File.Delete(Path.Combine(dir, "s1.slide.arrow"));

        var summary = RunSummary.Merge(dir);

        Assert.Equal([list[1]], summary.Missing);
    }

    [Fact]
    public void Merge_TruncatedReport_NamedAsBadAndIncomplete()
    {
        using var dir = new TempFolder();
        var list = Slides(dir, 1);
        Write(dir, new SlideShard(0, 2), list, s_t0, 5, Done(dir, list[0], 3));
        File.WriteAllText(Path.Combine(dir, "run-report.1-of-2.json"), "{\"tool\": \"slideembed\", \"slides\": [");

        var summary = RunSummary.Merge(dir);

        Assert.False(summary.Complete);
        Assert.Contains("run-report.1-of-2.json", Assert.Single(summary.BadReports), StringComparison.Ordinal);
        Assert.Empty(summary.Missing);
    }

    [Fact]
    public void Merge_NoReports_IncompleteWithHint()
    {
        using var dir = new TempFolder();

        var summary = RunSummary.Merge(dir);

        Assert.False(summary.Complete);
        Assert.Contains("nothing has been embedded here yet", summary.ToText(), StringComparison.Ordinal);
    }

    private static List<string> Slides(string dir, int count) =>
        Enumerable.Range(0, count).Select(i => Path.Combine(dir, "in", $"s{i}.svs")).ToList();

    private static SlideReport Done(string dir, string slide, int tiles) => Outputs(dir, slide, tiles, SlideStatus.Done);

    private static SlideReport UpToDate(string dir, string slide, int tiles) => Outputs(dir, slide, tiles, SlideStatus.UpToDate);

    private static SlideReport Outputs(string dir, string slide, int tiles, SlideStatus status)
    {
        var id = Path.GetFileNameWithoutExtension(slide);
        var files = new[] { Path.Combine(dir, id + ".tiles.arrow"), Path.Combine(dir, id + ".slide.arrow") };
        foreach (var f in files)
        {
            File.WriteAllText(f, "x");
        }

        return new SlideReport { Path = slide, SlideId = id, Status = status, Tiles = tiles, Outputs = files };
    }

    private static void Write(string dir, SlideShard? shard, List<string> list, DateTimeOffset started, double seconds, params SlideReport[] slides)
    {
        var report = new RunReport { StartedUtc = started, Model = "m", Settings = new Dictionary<string, string?>(), Shard = shard, SlideList = list };
        report.Slides.AddRange(slides);
        report.FinishedUtc = started.AddSeconds(seconds);
        report.WriteJson(Path.Combine(dir, RunReport.FileName(shard)));
    }
}
