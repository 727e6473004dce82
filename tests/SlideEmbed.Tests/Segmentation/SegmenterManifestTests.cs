using System.Text;
using System.Text.Json.Nodes;
using SlideEmbed.Models;
using SlideEmbed.Segmentation;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Segmentation;

public sealed class SegmenterManifestTests
{
    private static string Shipped(string name) => Path.Combine(TestAssets.RepoRoot, "manifests", name + ".json");

    [Fact]
    public void Load_GrandQc_ReversedClassOrderShiftLastGridOnWhite()
    {
        var m = SegmenterManifest.Load(Shipped("grandqc-tissue"));

        Assert.Equal("grandqc-tissue", m.Name);
        Assert.Equal(10, m.Mpp);
        Assert.Equal(512, m.PatchSize);
        Assert.Equal(SegmenterEdge.ShiftLast, m.Edge);
        Assert.Equal(new byte[] { 255, 255, 255 }, m.BackgroundFill);
        Assert.Equal(new[] { 0 }, m.Foreground);
        Assert.Equal("tissue", m.Classes[0]);
        Assert.Equal(SegmenterRule.Argmax, m.Rule);
        Assert.Equal(32, m.HwMultiple);
        Assert.Equal(new SegmenterJpeg(80, SegmenterJpegVariant.OpencvBgrQuirk), m.Jpeg);
        Assert.Equal(64, m.ManifestSha256.Length);
    }

    [Fact]
    public void Load_Hest_TissueProbabilityAboveHalfOnBlackPaddedGrid()
    {
        var m = SegmenterManifest.Load(Shipped("hest-tissue"));

        Assert.Equal(1, m.Mpp);
        Assert.Equal(SegmenterEdge.PadBeyond, m.Edge);
        Assert.Equal(new byte[] { 0, 0, 0 }, m.BackgroundFill);
        Assert.Equal(new[] { 1 }, m.Foreground);
        Assert.Equal(SegmenterRule.ForegroundProbabilityAbove, m.Rule);
        Assert.Equal(0.5, m.Threshold);
        Assert.Equal(SegmenterStitch.Any, m.Stitch);
        Assert.Null(m.Jpeg);
        Assert.Contains("GPU", m.Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoTileSource_DefaultsToThumbnail()
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped("grandqc-tissue")))!.AsObject();
        node["tile"]!.AsObject().Remove("source");

        var m = SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()));

        Assert.Equal(SegmenterTileSource.Thumbnail, m.TileSource);
        Assert.Equal(SegmenterTileSource.Thumbnail, SegmenterManifest.Load(Shipped("grandqc-tissue")).TileSource);
    }

    [Theory]
    [InlineData("\"slide\"", "shift_last", 0, "tile.source 'slide' reads TRIDENT's grid: it needs tile.edge 'pad_beyond' and tile.overlap 0")]
    [InlineData("\"slide\"", "pad_beyond", 16, "tile.source 'slide' reads TRIDENT's grid: it needs tile.edge 'pad_beyond' and tile.overlap 0")]
    [InlineData("\"level\"", "pad_beyond", 0, "tile.source 'level' is not one of: thumbnail, slide")]
    public void Parse_WrongTileSource_OneLineNamingIt(string source, string edge, int overlap, string expected)
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped("grandqc-tissue")))!.AsObject();
        var tile = node["tile"]!.AsObject();
        tile["source"] = JsonNode.Parse(source);
        tile["edge"] = edge;
        tile["overlap"] = overlap;

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), "bad.json"));

        Assert.StartsWith("bad.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind", "\"tile-encoder\"", "not a segmenter")]
    [InlineData("stitch", "\"blend\"", "stitch 'blend' is not one of: any, overwrite")]
    [InlineData("foreground", "[0, 1]", "foreground cannot list every class")]
    [InlineData("foreground", "[2]", "foreground must list distinct class indices in [0, 2)")]
    [InlineData("surprise", "1", "unknown key 'surprise'")]
    public void Parse_WrongField_OneLineNamingFileAndField(string key, string json, string expected)
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped("grandqc-tissue")))!.AsObject();
        node[key] = JsonNode.Parse(json);

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), "bad.json"));

        Assert.StartsWith("bad.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("manifests/README.md", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("{\"quality\": 0, \"variant\": \"opencv_bgr_quirk\"}", "preprocess.jpeg.quality must be in [1, 100] (got 0)")]
    [InlineData("{\"quality\": 80, \"variant\": \"pil\"}", "preprocess.jpeg.variant 'pil' is not one of: opencv_bgr_quirk")]
    [InlineData("{\"quality\": 80, \"variant\": \"opencv_bgr_quirk\", \"subsampling\": \"444\"}", "unknown key 'preprocess.jpeg.subsampling'")]
    [InlineData("80", "preprocess.jpeg must be null or an object")]
    public void Parse_WrongJpeg_OneLineNamingTheField(string json, string expected)
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped("grandqc-tissue")))!.AsObject();
        node["preprocess"]!["jpeg"] = JsonNode.Parse(json);

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), "bad.json"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Parse_PatchNotMultipleOfHwMultiple_Refused()
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped("grandqc-tissue")))!.AsObject();
        node["tile"]!["size"] = 500;

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), "bad.json"));

        Assert.Contains("tile.size 500 must be a positive multiple of onnx.hw_multiple 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelManifestLoad_SegmenterGivenAsModel_PointsToTissueFlag()
    {
        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(Shipped("hest-tissue")));

        Assert.Contains("segmenter manifest, not a tile encoder; use it with --tissue", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesItAndTheFix()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "nope.json");

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("grandqc-tissue", e.Message, StringComparison.Ordinal);
    }
}
