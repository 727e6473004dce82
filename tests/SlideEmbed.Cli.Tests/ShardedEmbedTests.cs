using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class ShardedEmbedTests
{
    private static string Model => ArrowInteropTests.TinyModel;

    [Fact]
    public void EmbedShards_EveryShardOfTwo_SameOutputsAsOneRunAndReportComplete()
    {
        using var dir = new TempFolder();
        var input = Path.Combine(dir, "in");
        TestSlides.Write(Path.Combine(input, "site-a"), "case.svs");
        TestSlides.Write(Path.Combine(input, "site-b"), "case.svs", 3000, 3000);
        TestSlides.Write(input, "other.svs", 3600, 2800);
        TestSlides.Write(input, "third.svs", 3200, 3200);
        var single = Path.Combine(dir, "single");
        var sharded = Path.Combine(dir, "sharded");

        var (code, _, error) = CliRunner.Run("embed", input, "--recursive", "--model", Model, "--out", single, "--threads", "1");
        Assert.True(code == ExitCodes.Success, error);
        for (var k = 0; k < 2; k++)
        {
            (code, _, error) = CliRunner.Run("embed", input, "--recursive", "--model", Model, "--out", sharded, "--threads", "1", "--shard", $"{k}/2");
            Assert.True(code == ExitCodes.Success, error);
        }

        var one = Path.Combine(single, "tiny-cls");
        var two = Path.Combine(sharded, "tiny-cls");
        Assert.Equal(["run-report.0-of-2.json", "run-report.1-of-2.json"], Directory.GetFiles(two, "run-report*").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var names = Directory.GetFiles(one, "*.arrow").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(8, names.Count);
        Assert.Equal(names, Directory.GetFiles(two, "*.arrow").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in names.Where(n => n!.EndsWith(".tiles.arrow", StringComparison.Ordinal)))
        {
            var a = TileEmbeddingFile.Read(Path.Combine(one, name!));
            var b = TileEmbeddingFile.Read(Path.Combine(two, name!));
            Assert.True(a.Count > 0, name);
            Assert.Equal(a.Xs, b.Xs);
            Assert.Equal(a.Ys, b.Ys);
            Assert.Equal(a.Embeddings, b.Embeddings);
        }

        var (reportCode, text, _) = CliRunner.Run("report", two);
        Assert.True(reportCode == ExitCodes.Success, text);
        Assert.Contains("4 slides in the list: 4 embedded, 0 up to date, 0 failed, 0 missing (2 reports)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ShardNotRun_ExitsFailureListingItsSlides()
    {
        using var dir = new TempFolder();
        var input = Path.Combine(dir, "in");
        TestSlides.Write(input, "a.svs", 1600, 1200);
        TestSlides.Write(input, "b.svs", 1700, 1200);
        var output = Path.Combine(dir, "out");

        var (code, _, error) = CliRunner.Run("embed", input, "--model", Model, "--out", output, "--shard", "1/2");
        var (reportCode, json, _) = CliRunner.Run("report", Path.Combine(output, "tiny-cls"), "--json");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(ExitCodes.Failure, reportCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(2, doc.RootElement.GetProperty("slides").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("done").GetInt32());
        Assert.Single(doc.RootElement.GetProperty("missing").EnumerateArray());
    }

    [Fact]
    public void Embed_ShardOutsideCount_UsageErrorNamingTheSetting()
    {
        using var dir = new TempFolder();
        TestSlides.Write(dir, "a.svs", 1600, 1200);

        var (code, _, error) = CliRunner.Run("embed", Path.Combine(dir, "a.svs"), "--model", Model, "--out", Path.Combine(dir, "out"), "--shard", "2/2");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("'shard'", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Report_FolderMissing_UsageErrorNamingIt()
    {
        using var dir = new TempFolder();
        var missing = Path.Combine(dir, "nope");

        var (code, _, error) = CliRunner.Run("report", missing);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }
}
