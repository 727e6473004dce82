using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Random-weight deep segmenters end to end through <c>tiles</c> and <c>embed</c>: the same mask, QC
/// picture and GeoJSON outputs as the classic detectors, the detector's name in the report, and one
/// clear line for a missing or wrong segmenter file.
/// </summary>
public sealed class SegmenterCliTests(SegmenterModels models) : IClassFixture<SegmenterModels>
{
    [Theory]
    [InlineData("grandqc-tissue")]
    [InlineData("hest-tissue")]
    public void Tiles_SyntheticSlide_WritesMaskQcAndGeoJson(string preset)
    {
        var manifest = models.Manifest(preset);
        using var output = new TempFolder();

        var run = CliRunner.Run("tiles", models.SlidePath, "--out", output, "--tissue", manifest);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"by {preset}", run.Out, StringComparison.Ordinal);
        Assert.Contains("random weights", run.Error, StringComparison.Ordinal);
        foreach (var suffix in new[] { ".tiles.arrow", ".mask.png", ".qc.png", ".tissue.geojson" })
        {
            Assert.True(File.Exists(Path.Combine(output, "small" + suffix)), $"{preset}: no small{suffix}");
        }
    }

    [Theory]
    [InlineData("grandqc-tissue")]
    [InlineData("hest-tissue")]
    public void Embed_SyntheticSlide_RunsAndRecordsTheSegmenter(string preset)
    {
        var manifest = models.Manifest(preset);
        using var output = new TempFolder();

        var run = CliRunner.Run("embed", models.SlidePath, "--model", ArrowInteropTests.TinyModel, "--out", output, "--tissue", manifest, "--min-tissue", "0");

        Assert.True(run.ExitCode == 0, run.Error);
        var tileFile = Assert.Single(Directory.EnumerateFiles(output, "*.tiles.arrow", SearchOption.AllDirectories));
        var provenance = ArrowMetadata.TryRead(tileFile)!["slideembed.provenance"];
        Assert.Contains($"\"tissue_detector\":\"{preset}\"", provenance.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("manifest_sha256", provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_SharedFixture_GrandQcRuns()
    {
        var slide = TestAssets.SharedSlide("CMU-1-Small-Region.svs");
        var manifest = models.Manifest("grandqc-tissue");
        using var output = new TempFolder();

        var run = CliRunner.Run("tiles", slide, "--out", output, "--tissue", manifest);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(File.Exists(Path.Combine(output, "CMU-1-Small-Region.mask.png")));
    }

    [Fact]
    public void Tiles_SegmenterFileMissing_OneLineNamingTheFileAndTheExport()
    {
        using var dir = new TempFolder();
        var manifest = Path.Combine(dir, "grandqc-tissue.json");
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-tissue.json"), manifest);

        var run = CliRunner.Run("tiles", models.SlidePath, "--out", Path.Combine(dir, "out"), "--tissue", manifest);

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("grandqc-tissue.onnx", line, StringComparison.Ordinal);
        Assert.Contains("tools/export_segmenter.py", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_WrongFileForTheManifest_OneLineNamingIt()
    {
        var manifest = models.Manifest("grandqc-tissue");
        using var dir = new TempFolder();
        var copy = Path.Combine(dir, "grandqc-tissue.json");
        File.Copy(manifest, copy);
        // An image encoder's ONNX file under the segmenter's name.
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "demo-vit.onnx"), Path.Combine(dir, "grandqc-tissue.onnx"));

        var run = CliRunner.Run("tiles", models.SlidePath, "--out", Path.Combine(dir, "out"), "--tissue", copy);

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains("grandqc-tissue.onnx", line, StringComparison.Ordinal);
        Assert.Contains("export", line, StringComparison.Ordinal);
    }
}
