using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide;
using SlideEmbed.Segmentation;
using SlideEmbed.Tissue;

namespace SlideEmbed.Onnx.Tests;

/// <summary>
/// The segmenter exports and the generic runner against tools/conformance_segmenter.py: random weights
/// in the released layout load strictly and ONNX Runtime equals the PyTorch module on logits (1e-4);
/// the runner's stitched decisions equal the independent reference's wherever its margin exceeds 1e-3.
/// </summary>
public sealed class SegmenterConformanceTests(SegmenterConformanceRun run) : IClassFixture<SegmenterConformanceRun>
{
    [Theory]
    [InlineData("grandqc-tissue")]
    [InlineData("hest-tissue")]
    [InlineData("grandqc-artifacts")]
    public void Export_PublishedLayoutCheckpoint_OnnxRuntimeEqualsTorchOnLogits(string preset)
    {
        var entry = run.Require().GetProperty("presets").GetProperty(preset);
        Assert.True(entry.GetProperty("ok").GetBoolean(), entry.ToString());
        var shape = entry.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var input = ReadFloats(preset + ".input.f32");
        var expected = ReadFloats(preset + ".expected.f32");

        using var session = new InferenceSession(Path.Combine(run.Folder, preset + ".onnx"));
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["pixel_values"], [value], ["logits"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-4, $"{preset}: max abs logit difference {worst} between ONNX Runtime and torch");
        // Random weights must still give clear decisions, or the mask comparison below would test nothing.
        Assert.True(expected.Select(Math.Abs).Max() > 1, $"{preset}: logits are all near zero");
    }

    [Theory]
    [InlineData("grandqc-shift")]
    [InlineData("grandqc-pad")]
    [InlineData("hest-pad")]
    [InlineData("artifacts-gate")]
    public void Segment_SyntheticImage_EqualsReferenceWhereMarginAbove1e3(string name)
    {
        var entry = run.Require().GetProperty("cases").GetProperty(name);
        int width = entry.GetProperty("width").GetInt32(), height = entry.GetProperty("height").GetInt32();
        var manifest = SegmenterManifest.Load(Path.Combine(run.Folder, name + ".json"));
        using var model = OnnxSegmentationModel.Create(Path.Combine(run.Folder, manifest.OnnxFile), manifest, new OnnxEncoderOptions(), null);
        var detector = new SegmentationTissueDetector(manifest, model, string.Empty, batchSize: 3, jpeg: manifest.Jpeg is null ? null : TurboJpegRoundTrip.Create());
        using var image = new RgbImage(width, height);
        File.ReadAllBytes(Path.Combine(run.Folder, name + ".rgb")).CopyTo(image.Pixels);
        var expectedForeground = File.ReadAllBytes(Path.Combine(run.Folder, name + ".fg"));
        var expectedMargin = ReadFloats(name + ".margin");

        var map = detector.Segment(image, entry.GetProperty("mpp").GetDouble());

        Assert.Equal(entry.GetProperty("map_width").GetInt32(), map.Width);
        Assert.Equal(entry.GetProperty("map_height").GetInt32(), map.Height);
        var decided = 0;
        var disagreements = 0;
        for (var i = 0; i < expectedForeground.Length; i++)
        {
            if (expectedMargin[i] > 1e-3)
            {
                decided++;
                disagreements += map.Foreground[i] == expectedForeground[i] ? 0 : 1;
                Assert.True(Math.Abs(map.Margin[i] - expectedMargin[i]) <= 1e-3, $"{name}: pixel {i} margin {map.Margin[i]} vs reference {expectedMargin[i]}");
            }
        }

        Assert.Equal(0, disagreements);
        Assert.True(decided > expectedForeground.Length * 0.9, $"{name}: only {decided} of {expectedForeground.Length} pixels decided clearly");
        if (manifest.Jpeg is not null)
        {
            // Without the JPEG step the runner must disagree with the reference somewhere it is sure,
            // or the comparison above would not notice a missing or wrong round trip.
            var plain = new SegmentationTissueDetector(manifest with { Jpeg = null }, model, string.Empty, batchSize: 3).Segment(image, entry.GetProperty("mpp").GetDouble());
            var changed = Enumerable.Range(0, expectedForeground.Length).Count(i => expectedMargin[i] > 1e-3 && plain.Foreground[i] != expectedForeground[i]);
            Assert.True(changed > 0, $"{name}: the JPEG step changes no clearly decided pixel");
            Assert.True(entry.GetProperty("jpeg_changed_pixels").GetInt32() > 0, $"{name}: the reference's JPEG step changes nothing");
        }
        var foreground = expectedForeground.Count(b => b != 0);
        Assert.InRange(foreground, 1, expectedForeground.Length - 1);
    }

    [Fact]
    public void ArtifactPass_GatedSyntheticImage_EqualsReferenceWhereMarginAbove1e3()
    {
        const string name = "artifacts-gate";
        var root = run.Require();
        var entry = root.GetProperty("cases").GetProperty(name);
        var gated = root.GetProperty("gated").GetProperty(name);
        int width = entry.GetProperty("width").GetInt32(), height = entry.GetProperty("height").GetInt32();
        var profiles = gated.GetProperty("profiles").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var manifest = SegmenterManifest.Load(Path.Combine(run.Folder, name + ".json")).WithProfiles(profiles);
        using var model = OnnxSegmentationModel.Create(Path.Combine(run.Folder, manifest.OnnxFile), manifest, new OnnxEncoderOptions(), null);
        var tissue = new BinaryMask(width, height, File.ReadAllBytes(Path.Combine(run.Folder, name + ".tissue")));
        var detector = new ArtifactTissueDetector(new FixedDetector(tissue), new SegmentationTissueDetector(manifest, model, string.Empty, batchSize: 2), profiles);
        using var image = new RgbImage(width, height);
        File.ReadAllBytes(Path.Combine(run.Folder, name + ".rgb")).CopyTo(image.Pixels);
        var expectedKeep = File.ReadAllBytes(Path.Combine(run.Folder, name + ".keep"));
        var margin = ReadFloats(name + ".keep_margin");

        var keep = detector.Keep(image, entry.GetProperty("mpp").GetDouble(), tissue);
        var result = detector.Detect(image, MicronsPerPixel.Isotropic(entry.GetProperty("mpp").GetDouble()));

        var decided = 0;
        var removed = 0;
        for (var i = 0; i < expectedKeep.Length; i++)
        {
            if (margin[i] > 1e-3)
            {
                decided++;
                Assert.True(keep.Data[i] == expectedKeep[i], $"{name}: pixel {i} kept {keep.Data[i]} vs reference {expectedKeep[i]}");
                var expectedMask = tissue.Data[i] != 0 && expectedKeep[i] != 0;
                Assert.True(expectedMask == (result.Mask.Data[i] != 0), $"{name}: pixel {i} of the final mask");
                removed += tissue.Data[i] != 0 && expectedKeep[i] == 0 ? 1 : 0;
            }
        }

        Assert.True(decided > expectedKeep.Length * 0.9, $"{name}: only {decided} of {expectedKeep.Length} pixels decided clearly");
        // The case must exercise the gate (patches skipped) and the removal (tissue dropped and kept).
        Assert.True(gated.GetProperty("skipped_map_pixels").GetInt32() > 0);
        Assert.InRange(removed, 1, tissue.Data.Count(v => v != 0) - 1);
    }

    private sealed class FixedDetector(BinaryMask mask) : ITissueDetector
    {
        public string Name => "fixed";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

        public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel) => new(mask, ContourTracer.Trace(mask));
    }

    private float[] ReadFloats(string file) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(run.Folder, file))).ToArray();
}
