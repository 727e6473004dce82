using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// The random-weight artifact segmenter end to end: <c>tiles --exclude-artifacts</c> removes from the
/// tissue-only run's mask exactly what tools/conformance_segmenter.py's gated reference drops, reading the
/// gated patches from the same slide (pixels whose decision margin exceeds 1e-3); <c>embed --exclude-pen</c> with a deep
/// segmenter records the artifact model in provenance; a missing artifact file is one clear line.
/// </summary>
public sealed class ArtifactSegmenterCliTests(SegmenterModels models) : IClassFixture<SegmenterModels>
{
    [Fact]
    public void Tiles_ExcludeArtifacts_RemovesWhatTheReferenceDrops()
    {
        var artifacts = models.Manifest("grandqc-artifacts");
        using var plain = new TempFolder();
        using var cleaned = new TempFolder();
        using var check = new TempFolder();

        var first = CliRunner.Run("tiles", models.SlidePath, "--out", plain, "--tissue", "otsu");
        var second = CliRunner.Run("tiles", models.SlidePath, "--out", cleaned, "--tissue", "otsu", "--exclude-artifacts", "--artifact-segmenter", artifacts);

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        var (width, height, tissuePng) = TilesPng.ReadGray(Path.Combine(plain, "small.mask.png"));
        var (_, _, cleanedPng) = TilesPng.ReadGray(Path.Combine(cleaned, "small.mask.png"));
        var tissue = tissuePng.Select(v => v > 127 ? (byte)1 : (byte)0).ToArray();
        using var reference = TilesGroundTruth.Run(models.SlidePath, "otsu");
        var low = reference.LowResolution;
        Assert.Equal((low.Image.Width, low.Image.Height), (width, height));
        File.WriteAllBytes(Path.Combine(check, "image.rgb"), low.Image.Pixels.ToArray());
        File.WriteAllBytes(Path.Combine(check, "tissue.u8"), tissue);
        var spec = new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["mpp"] = low.Mpp.Mean,
            ["manifest"] = artifacts,
            ["seed"] = 3,
            ["profiles"] = new JsonArray("artifacts"),
            // The artifact segmenter reads its patches from the slide (tile.source slide); so does the reference.
            ["slide"] = models.SlidePath,
            ["slide_mpp"] = 2.0,
        };
        File.WriteAllText(Path.Combine(check, "check.json"), spec.ToJsonString());

        var python = SegmenterModels.RunTool("conformance_segmenter.py", "--artifacts-check", check);

        Assert.True(python.ExitCode == 0, python.Error);
        var keep = File.ReadAllBytes(Path.Combine(check, "keep.u8"));
        var margin = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(check, "keep_margin.f32"))).ToArray();
        int decided = 0, removed = 0;
        for (var i = 0; i < tissue.Length; i++)
        {
            if (margin[i] > 1e-3)
            {
                decided++;
                var expected = tissue[i] != 0 && keep[i] != 0;
                Assert.True(expected == (cleanedPng[i] > 127), string.Create(CultureInfo.InvariantCulture, $"pixel ({i % width}, {i / width}): tissue {tissue[i]}, reference keeps {keep[i]}, tiles kept {cleanedPng[i]}"));
                removed += tissue[i] != 0 && keep[i] == 0 ? 1 : 0;
            }
            else
            {
                Assert.False(tissue[i] == 0 && cleanedPng[i] > 127, $"pixel {i}: background became tissue");
            }
        }

        Assert.True(decided > tissue.Length * 0.9, $"only {decided} of {tissue.Length} pixels decided clearly");
        Assert.InRange(removed, 1, tissue.Count(v => v != 0));
        Assert.Contains("random weights", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_ExcludePenWithDeepSegmenter_RecordsTheArtifactModel()
    {
        var tissue = models.Manifest("grandqc-tissue");
        var artifacts = models.Manifest("grandqc-artifacts");
        using var output = new TempFolder();

        var run = CliRunner.Run("embed", models.SlidePath, "--model", ArrowInteropTests.TinyModel, "--out", output, "--tissue", tissue, "--exclude-pen", "--artifact-segmenter", artifacts, "--min-tissue", "0");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.DoesNotContain("classic detectors only", run.Error, StringComparison.Ordinal);
        var tileFile = Assert.Single(Directory.EnumerateFiles(output, "*.tiles.arrow", SearchOption.AllDirectories));
        var provenance = ArrowMetadata.TryRead(tileFile)!["slideembed.provenance"].Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\"artifacts_model\":\"grandqc-artifacts\"", provenance, StringComparison.Ordinal);
        Assert.Contains("\"artifacts_profiles\":\"pen\"", provenance, StringComparison.Ordinal);
        Assert.Contains("\"artifacts_foreground\":\"0,1,2,3,5,6\"", provenance, StringComparison.Ordinal);
        Assert.Contains("artifacts_manifest_sha256", provenance, StringComparison.Ordinal);
    }

    [Fact]
    public void Tiles_ArtifactPassErasesAllTissue_WarnsForThatSlide()
    {
        // A gate no patch can pass: nothing runs, so every tissue pixel is removed.
        var artifacts = models.Manifest("grandqc-artifacts");
        using var dir = new TempFolder();
        var manifest = JsonNode.Parse(File.ReadAllText(artifacts))!.AsObject();
        manifest["gate"]!["min_tissue_px"] = int.MaxValue;
        var copy = Path.Combine(dir, "grandqc-artifacts.json");
        File.WriteAllText(copy, manifest.ToJsonString());
        File.Copy(Path.ChangeExtension(artifacts, ".onnx"), Path.Combine(dir, "grandqc-artifacts.onnx"));

        var run = CliRunner.Run("tiles", models.SlidePath, "--out", Path.Combine(dir, "out"), "--tissue", "otsu", "--exclude-artifacts", "--artifact-segmenter", copy);

        Assert.True(run.ExitCode == 0, run.Error);
        var line = Assert.Single(run.Error.Split('\n'), l => l.Contains("removed all the tissue", StringComparison.Ordinal));
        Assert.Contains("'grandqc-artifacts'", line, StringComparison.Ordinal);
        Assert.Contains(models.SlidePath, line, StringComparison.Ordinal);
        Assert.All(TilesPng.ReadGray(Path.Combine(dir, "out", "small.mask.png")).Pixels, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Tiles_ArtifactFileMissing_OneLineNamingTheFileAndTheExport()
    {
        using var dir = new TempFolder();
        var manifest = Path.Combine(dir, "grandqc-artifacts.json");
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-artifacts.json"), manifest);

        var run = CliRunner.Run("tiles", models.SlidePath, "--out", Path.Combine(dir, "out"), "--tissue", "otsu", "--exclude-artifacts", "--artifact-segmenter", manifest);

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("grandqc-artifacts.onnx", line, StringComparison.Ordinal);
        Assert.Contains("tools/export_segmenter.py grandqc-artifacts", line, StringComparison.Ordinal);
    }
}
