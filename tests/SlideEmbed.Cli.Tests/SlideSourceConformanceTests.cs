using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Segmentation;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// <c>tile.source: "slide"</c> against tools/conformance_segmenter.py's independent reference (openslide-python
/// and cv2 from TRIDENT's published rules) on a synthetic multi-level slide: the random-weight HEST
/// export's stitched decisions, and the gated random-weight artifact pass's kept pixels, must agree
/// wherever the reference's margin exceeds 1e-3.
/// </summary>
public sealed class SlideSourceConformanceTests(SegmenterModels models) : IClassFixture<SegmenterModels>
{
    [Fact]
    public void SegmentSlide_MultiLevelSyntheticSlide_EqualsReferenceWhereMarginAbove1e3()
    {
        var shipped = models.Manifest("hest-tissue");
        using var dir = new TempFolder();
        // 0.6 x 0.45 mm at 0.5 um/px with a pyramid; at 2 um/px (d = 4) the patches come from a level above 0.
        var slidePath = SyntheticSlideWriter.Write(Path.Combine(dir, "levels.svs"), SyntheticSlides.TissueWithHoles(1200, 900, MicronsPerPixel.Isotropic(0.5), SyntheticSlideStyle.Aperio)).Path;
        var node = JsonNode.Parse(File.ReadAllText(shipped))!.AsObject();
        node["tile"]!["size"] = 64;
        node["tile"]!["mpp"] = 2.0;
        var manifestPath = Path.Combine(dir, "hest-tissue.json");
        File.WriteAllText(manifestPath, node.ToJsonString());
        File.Copy(Path.ChangeExtension(shipped, ".onnx"), Path.Combine(dir, "hest-tissue.onnx"));
        var spec = new JsonObject { ["manifest"] = manifestPath, ["preset"] = "hest-tissue", ["seed"] = 3, ["slide"] = slidePath, ["slide_mpp"] = 0.5 };
        File.WriteAllText(Path.Combine(dir, "check.json"), spec.ToJsonString());

        var python = SegmenterModels.RunTool("conformance_segmenter.py", "--slide-check", dir);

        Assert.True(python.ExitCode == 0, python.Error);
        using var summary = JsonDocument.Parse(python.Out.Trim().Split('\n')[^1]);
        var root = summary.RootElement;
        Assert.True(root.GetProperty("level").GetInt32() >= 1, $"the reference read level {root.GetProperty("level")}; the case must exercise a pyramid level");
        var manifest = SegmenterManifest.Load(manifestPath);
        Assert.Equal(SegmenterTileSource.Slide, manifest.TileSource);
        using var model = OnnxSegmentationModel.Create(Path.Combine(dir, "hest-tissue.onnx"), manifest, new OnnxEncoderOptions(), null);
        var detector = new SegmentationTissueDetector(manifest, model, string.Empty, batchSize: 3);
        using var slide = new OpenSlideOpener().Open(slidePath);

        var map = detector.SegmentSlide(new SlideRegions(slide, 0.5));

        Assert.Equal((root.GetProperty("map_width").GetInt32(), root.GetProperty("map_height").GetInt32()), (map.Width, map.Height));
        var expected = File.ReadAllBytes(Path.Combine(dir, "fg.u8"));
        var margin = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "margin.f32"))).ToArray();
        int decided = 0, disagreements = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (margin[i] > 1e-3)
            {
                decided++;
                disagreements += map.Foreground[i] == expected[i] ? 0 : 1;
                Assert.True(Math.Abs(map.Margin[i] - margin[i]) <= 1e-3, $"pixel {i}: margin {map.Margin[i]} vs reference {margin[i]}");
            }
        }

        Assert.Equal(0, disagreements);
        Assert.True(decided > expected.Length * 0.9, $"only {decided} of {expected.Length} pixels decided clearly");
        Assert.InRange(expected.Count(b => b != 0), 1, expected.Length - 1);
    }

    [Fact]
    public void ArtifactPass_MultiLevelSyntheticSlide_GatedPatchesEqualReferenceWhereMarginAbove1e3()
    {
        var shipped = models.Manifest("grandqc-artifacts");
        using var dir = new TempFolder();
        var slidePath = SyntheticSlideWriter.Write(Path.Combine(dir, "levels.svs"), SyntheticSlides.TissueWithHoles(1200, 900, MicronsPerPixel.Isotropic(0.5), SyntheticSlideStyle.Aperio)).Path;
        var node = JsonNode.Parse(File.ReadAllText(shipped))!.AsObject();
        node["tile"]!["size"] = 64;
        node["tile"]!["mpp"] = 2.0;
        var manifestPath = Path.Combine(dir, "grandqc-artifacts.json");
        File.WriteAllText(manifestPath, node.ToJsonString());
        File.Copy(Path.ChangeExtension(shipped, ".onnx"), Path.Combine(dir, "grandqc-artifacts.onnx"));
        // A first-pass mask over a 150 x 113 detection image: an ellipse on the left, so the gate skips the right.
        const int width = 150, height = 113;
        var tissue = new BinaryMask(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = (x - (0.3 * width)) / (0.28 * width);
                var dy = (y - (0.5 * height)) / (0.4 * height);
                tissue.Data[(y * width) + x] = (dx * dx) + (dy * dy) < 1 ? (byte)1 : (byte)0;
            }
        }

        File.WriteAllBytes(Path.Combine(dir, "tissue.u8"), tissue.Data);
        File.WriteAllBytes(Path.Combine(dir, "image.rgb"), new byte[width * height * 3]);
        var spec = new JsonObject
        {
            ["width"] = width, ["height"] = height, ["mpp"] = 4.0, ["manifest"] = manifestPath, ["seed"] = 3,
            ["profiles"] = new JsonArray("artifacts"), ["slide"] = slidePath, ["slide_mpp"] = 0.5,
        };
        File.WriteAllText(Path.Combine(dir, "check.json"), spec.ToJsonString());

        var python = SegmenterModels.RunTool("conformance_segmenter.py", "--artifacts-check", dir);

        Assert.True(python.ExitCode == 0, python.Error);
        using var summary = JsonDocument.Parse(python.Out.Trim().Split('\n')[^1]);
        Assert.True(summary.RootElement.GetProperty("skipped_map_pixels").GetInt32() > 0, "the gate must skip patches");
        var manifest = SegmenterManifest.Load(manifestPath).WithProfiles(["artifacts"]);
        using var model = OnnxSegmentationModel.Create(Path.Combine(dir, "grandqc-artifacts.onnx"), manifest, new OnnxEncoderOptions(), null);
        var detector = new ArtifactTissueDetector(new SegmentationTissueDetector(manifest, model, string.Empty), new SegmentationTissueDetector(manifest, model, string.Empty, batchSize: 2), ["artifacts"]);
        using var slide = new OpenSlideOpener().Open(slidePath);
        using var image = new RgbImage(width, height);

        var keep = detector.Keep(image, 4.0, tissue, new SlideRegions(slide, 0.5));

        var expected = File.ReadAllBytes(Path.Combine(dir, "keep.u8"));
        var margin = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "keep_margin.f32"))).ToArray();
        var decided = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (margin[i] > 1e-3)
            {
                decided++;
                Assert.True(keep.Data[i] == expected[i], $"pixel {i}: kept {keep.Data[i]} vs reference {expected[i]}");
            }
        }

        Assert.True(decided > expected.Length * 0.5, $"only {decided} of {expected.Length} pixels decided clearly");
        Assert.InRange(expected.Count(b => b != 0), 1, expected.Length - 1);
    }
}
