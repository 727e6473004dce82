using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SlideEmbed.Geometry;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Segmentation;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// <c>tile.source: "slide"</c> against tools/conformance_segmenter.py's independent reference (openslide-python
/// and cv2 from TRIDENT's published rules) on a synthetic multi-level slide: the random-weight HEST
/// export's stitched decisions must agree wherever the reference's margin exceeds 1e-3.
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
}
