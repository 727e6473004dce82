using System.Text.Json;
using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary><c>tiles</c> goes through the single-slide run: resume by the settings digest, <c>--force</c>, and the run report.</summary>
public sealed class TilesRunTests
{
    [Fact]
    public void Tiles_Rerun_SaysUpToDateAndLeavesTheFilesAlone()
    {
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "s.svs", 2000, 1500);
        var output = Path.Combine(dir, "out");
        var first = CliRunner.Run("tiles", slide, "--out", output);
        var table = Path.Combine(output, "s.tiles.arrow");
        var written = (File.ReadAllBytes(table), File.GetLastWriteTimeUtc(table));

        var second = CliRunner.Run("tiles", slide, "--out", output);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.Contains("s: ", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("up to date", first.Out, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        Assert.Contains("s: up to date", second.Out, StringComparison.Ordinal);
        Assert.Equal(written.Item1, File.ReadAllBytes(table));
        Assert.Equal(written.Item2, File.GetLastWriteTimeUtc(table));
    }

    [Theory]
    [InlineData("--min-tissue", "0.9")]
    [InlineData("--tile-size", "112")]
    [InlineData("--tissue", "none")]
    [InlineData("--force", null)]
    public void Tiles_ChangedSettingOrForce_Redone(string flag, string? value)
    {
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "s.svs", 2000, 1500);
        var output = Path.Combine(dir, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("tiles", slide, "--out", output).ExitCode);
        var before = Provenance(Path.Combine(output, "s.tiles.arrow"));

        var (code, stdout, error) = CliRunner.Run(value is null ? ["tiles", slide, "--out", output, flag] : ["tiles", slide, "--out", output, flag, value]);

        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain("up to date", stdout, StringComparison.Ordinal);
        var after = Provenance(Path.Combine(output, "s.tiles.arrow"));
        Assert.NotEqual(before.GetProperty("created_utc").GetString(), after.GetProperty("created_utc").GetString());
        var config = after.GetProperty("config");
        switch (flag)
        {
            case "--min-tissue":
                Assert.Equal(0.9, config.GetProperty("min_tissue_fraction").GetDouble());
                break;
            case "--tile-size":
                Assert.Equal(112, config.GetProperty("tile_size").GetInt32());
                break;
            case "--tissue":
                Assert.Equal("none", config.GetProperty("tissue_detector").GetString());
                break;
        }
    }

    [Fact]
    public void Tiles_Run_WritesARunReportLikeEmbed()
    {
        using var dir = new TempFolder();
        var slide = TestSlides.Write(dir, "s.svs", 2000, 1500);
        var output = Path.Combine(dir, "out");

        var first = CliRunner.Run("tiles", slide, "--out", output, "--mpp", "1");
        var firstReport = Report(output);
        var second = CliRunner.Run("tiles", slide, "--out", output, "--mpp", "1");
        var secondReport = Report(output);

        Assert.Contains($"Report: {Path.Combine(output, "run-report.json")}", first.Out, StringComparison.Ordinal);
        var done = firstReport.GetProperty("slides")[0];
        Assert.Equal(("done", slide), (done.GetProperty("status").GetString(), done.GetProperty("path").GetString()));
        Assert.Equal(TileTableRows(Path.Combine(output, "s.tiles.arrow")), done.GetProperty("tiles").GetInt32());
        Assert.Equal("1", firstReport.GetProperty("settings").GetProperty("mpp").GetString());
        Assert.Equal(1, firstReport.GetProperty("counts").GetProperty("done").GetInt32());
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal("up_to_date", secondReport.GetProperty("slides")[0].GetProperty("status").GetString());
    }

    private static JsonElement Provenance(string path)
    {
        using var doc = JsonDocument.Parse(ArrowMetadata.TryRead(path)!["slideembed.provenance"]);
        return doc.RootElement.Clone();
    }

    private static JsonElement Report(string output)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "run-report.json")));
        return doc.RootElement.Clone();
    }

    private static int TileTableRows(string path) => TilesAcceptanceTests.ReadTiles(path).Count;
}
