using System.Security.Cryptography;
using System.Text.Json;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Tissue detection and tiling on CMU-1-Small-Region.svs against the goldens in tests/goldens/tiles
/// made by tools/make_tissue_reference.py: an independent OpenCV CLAM reference mask (compared with
/// IoU &gt;= 0.95) and a regression pin of the tile counts (compared exactly).
/// </summary>
public sealed class TilesCmuReferenceTests
{
    private const string Slide = "CMU-1-Small-Region.svs";

    /// <summary>
    /// Lowest accepted IoU with the OpenCV reference. Measured 0.959: OpenCV's closing with an even
    /// (4 x 4) kernel is anchored off-centre and shifts CLAM's mask one pixel right and down, which
    /// SlideEmbed does not copy; undoing that shift gives 0.993.
    /// </summary>
    private const double MinIoU = 0.95;

    private static string GoldenDir => Path.Combine(TestAssets.GoldensDir, "tiles");

    public static TheoryData<string> TileSettings()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDir, "cmu-tile-counts.json")));
        return new TheoryData<string>(doc.RootElement.GetProperty("settings").EnumerateArray().Select(s => s.GetProperty("name").GetString()!));
    }

    [Fact]
    public void Detect_CmuSmallRegionClamTcga_MaskIoUWithOpenCvReferenceAtLeast095()
    {
        var slide = TestAssets.SharedSlide(Slide);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDir, "cmu-reference-mask.json")));
        var golden = doc.RootElement;
        AssertSameSlide(slide, golden);
        var (width, height, png) = TilesPng.ReadGray(Path.Combine(GoldenDir, golden.GetProperty("mask").GetProperty("file").GetString()!));
        var reference = png.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray();
        Assert.Equal(golden.GetProperty("mask").GetProperty("raw_sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(reference)));

        using var result = TilesGroundTruth.Run(slide, "clam:tcga");

        // Same detection image as the reference (the LowResolutionImage rule the script re-implements).
        var low = golden.GetProperty("low_resolution");
        Assert.Equal(low.GetProperty("level").GetInt32(), result.LowResolution.Level);
        Assert.Equal(low.GetProperty("factor").GetInt32(), result.LowResolution.Factor);
        Assert.Equal(low.GetProperty("downsample").GetDouble(), result.LowResolution.Downsample);
        Assert.Equal((width, height), (result.Detection.Mask.Width, result.Detection.Mask.Height));
        var iou = TilesGroundTruth.IoU(result.Detection.Mask.Data, reference);
        Assert.True(iou >= MinIoU, $"IoU {iou:F4} with the OpenCV reference");
        Assert.Equal(golden.GetProperty("clam").GetProperty("regions_kept").GetArrayLength(), result.Detection.Regions.Count);
    }

    [Theory]
    [MemberData(nameof(TileSettings))]
    public void Tiles_CmuSmallRegion_CountFirstAndLastTileEqualPinnedGolden(string setting)
    {
        var slide = TestAssets.SharedSlide(Slide);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(GoldenDir, "cmu-tile-counts.json")));
        AssertSameSlide(slide, doc.RootElement);
        var pinned = doc.RootElement.GetProperty("settings").EnumerateArray().Single(s => s.GetProperty("name").GetString() == setting);
        var args = pinned.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray();
        using var dir = new TempFolder();
        var (code, output, error) = CliRunner.Run(["tiles", slide, "--out", dir, .. args]);

        Assert.True(code == ExitCodes.Success, error);
        var grid = pinned.GetProperty("grid");
        Assert.Contains($"grid {grid[0].GetInt32()} x {grid[1].GetInt32()}", output, StringComparison.Ordinal);
        var tiles = TilesAcceptanceTests.ReadTiles(Path.Combine(dir, Path.GetFileNameWithoutExtension(Slide) + ".tiles.arrow"));
        Assert.Equal(pinned.GetProperty("count").GetInt32(), tiles.Count);
        if (tiles.Count > 0)
        {
            Assert.Equal(Position(pinned.GetProperty("first")), (tiles[0].X, tiles[0].Y));
            Assert.Equal(Position(pinned.GetProperty("last")), (tiles[^1].X, tiles[^1].Y));
        }
    }

    private static (long X, long Y) Position(JsonElement xy) => (xy[0].GetInt64(), xy[1].GetInt64());

    private static void AssertSameSlide(string path, JsonElement golden)
    {
        using var stream = File.OpenRead(path);
        Assert.True(
            Convert.ToHexStringLower(SHA256.HashData(stream)) == golden.GetProperty("slide").GetProperty("sha256").GetString(),
            $"{path} is not the file the goldens in tests/goldens/tiles were made from.");
    }
}
