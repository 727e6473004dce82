using System.Text;
using System.Text.Json.Nodes;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Models;
using SlideEmbed.Pipeline;
using SlideEmbed.Segmentation;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Segmentation;

/// <summary>
/// The artifact segmenter's manifest (profiles, gate) and the two-pass detector: TRIDENT's profile rules
/// (pen drops classes 4 and 7, artifacts keeps 0 and 1), GrandQC's gate (patches with more than 50 tissue
/// pixels run, the rest stay background) and the removal from the tissue mask, against analytic truth.
/// </summary>
public sealed class ArtifactSegmenterTests
{
    private const int Width = 200;
    private const int Height = 150;

    private static string Shipped => Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-artifacts.json");

    [Fact]
    public void Load_GrandQcArtifacts_EightClassesAtOneMicronWithProfilesAndGate()
    {
        var m = SegmenterManifest.Load(Shipped);

        Assert.Equal(1, m.Mpp);
        Assert.Equal(512, m.PatchSize);
        Assert.Equal(8, m.Classes.Count);
        Assert.Equal("pen marking", m.Classes[4]);
        Assert.Equal("background", m.Classes[7]);
        Assert.Equal(new[] { 0, 1, 2, 3, 5, 6 }, m.Profiles["pen"]);
        Assert.Equal(new[] { 0, 1 }, m.Profiles["artifacts"]);
        Assert.Equal(new SegmenterGate(50), m.Gate);
    }

    [Theory]
    [InlineData(new[] { "pen" }, new[] { 0, 1, 2, 3, 5, 6 })]
    [InlineData(new[] { "artifacts" }, new[] { 0, 1 })]
    [InlineData(new[] { "pen", "artifacts" }, new[] { 0, 1 })]
    public void WithProfiles_KeepsTheClassesEveryProfileKeeps(string[] profiles, int[] expected)
    {
        var m = SegmenterManifest.Load(Shipped).WithProfiles(profiles);

        Assert.Equal(expected, m.Foreground);
    }

    [Fact]
    public void WithProfiles_UnknownProfile_NamesTheOnesThereAre()
    {
        var e = Assert.Throws<ArgumentException>(() => SegmenterManifest.Load(Shipped).WithProfiles(["folds"]));

        Assert.Contains("no profile 'folds' (it has: pen, artifacts)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profiles", "{\"pen\": {\"keep\": [0], \"drop\": [4]}}", "profiles.pen must give exactly one of 'keep' or 'drop'")]
    [InlineData("profiles", "{\"pen\": {\"drop\": [8]}}", "profiles.pen must list distinct class indices in [0, 8)")]
    [InlineData("profiles", "{\"all\": {\"drop\": []}}", "profiles.all must keep at least one class and drop at least one")]
    [InlineData("profiles", "{\"pen\": {\"skip\": [4]}}", "unknown key 'profiles.pen.skip'")]
    [InlineData("gate", "{\"mask\": \"slide\", \"min_tissue_px\": 50}", "gate.mask 'slide' is not supported")]
    [InlineData("gate", "{\"mask\": \"tissue\", \"min_tissue_px\": -1}", "gate.min_tissue_px must be >= 0")]
    public void Parse_WrongProfileOrGate_OneLineNamingTheField(string key, string json, string expected)
    {
        var node = JsonNode.Parse(File.ReadAllText(Shipped))!.AsObject();
        node[key] = JsonNode.Parse(json);

        var e = Assert.Throws<ModelManifestException>(() => SegmenterManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()), "bad.json"));

        Assert.StartsWith("bad.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Detect_PenStripeInTissue_RemovedOnlyThereAndUngatedPatchesNeverRun()
    {
        // Tissue: image x in [20, 80), y in [20, 130). Pen (a dark blue stripe) at x in [45, 55) inside the
        // tissue and at x in [150, 160) outside it. At 4 um/px (twice the image) the 64 px patch grid has
        // 7 columns (0, 64, ..., 320, 336) and 5 rows (0, 64, 128, 192, 236); the tissue covers map
        // x [40, 160) and y [40, 260), so 3 columns x 5 rows of patches hold more than 50 tissue pixels.
        var (detector, model) = Build(["pen"], tissue: (20, 80));
        using var image = Image();

        var result = detector.Detect(image, MicronsPerPixel.Isotropic(8));

        Assert.Equal(15, model.Patches);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var distance = new[] { x - 20, x - 79, x - 45, x - 54, y - 20, y - 129 }.Min(Math.Abs);
                if (distance > 2)
                {
                    var expected = x is >= 20 and < 80 && y is >= 20 and < 130 && x is not (>= 45 and < 55);
                    Assert.True(expected == result.Mask[x, y], $"pixel ({x}, {y})");
                }
            }
        }

        Assert.Equal(2, result.Regions.Count);
        Assert.Equal("grandqc-artifacts", result.ArtifactModel);
        Assert.False(result.ArtifactsErasedAllTissue);
        Assert.Equal("fixed", detector.Name);
        Assert.Equal("grandqc-artifacts", detector.Parameters["artifacts_model"]);
        Assert.Equal("pen", detector.Parameters["artifacts_profiles"]);
        Assert.Equal("0,1,2,3,5,6", detector.Parameters["artifacts_foreground"]);
        Assert.Equal(64, detector.Parameters["artifacts_manifest_sha256"].Length);
        Assert.Equal("first", detector.Parameters["first_pass"]);
    }

    [Fact]
    public void Detect_TissueAllPen_ErasedAllTissueIsReported()
    {
        var (detector, _) = Build(["artifacts"], tissue: (46, 54));
        using var image = Image();

        var result = detector.Detect(image, MicronsPerPixel.Isotropic(8));

        Assert.True(result.ArtifactsErasedAllTissue);
        Assert.Empty(result.Regions);
        Assert.DoesNotContain(result.Mask.Data, v => v != 0);
    }

    [Fact]
    public void SettingsDigest_ArtifactPassAndItsProfiles_ChangeIt()
    {
        // Resume redoes a slide when its digest changes: adding the pass, or changing its profiles, must.
        var mask = new BinaryMask(Width, Height);
        var tiling = new TilingOptions();
        var plain = SettingsDigest.Of(null, new FixedDetector(mask), tiling, "a.svs", null, string.Empty);
        var pen = SettingsDigest.Of(null, Build(["pen"], (20, 80)).Detector, tiling, "a.svs", null, string.Empty);
        var artifacts = SettingsDigest.Of(null, Build(["artifacts"], (20, 80)).Detector, tiling, "a.svs", null, string.Empty);

        Assert.Equal(3, new[] { plain, pen, artifacts }.Distinct().Count());
        Assert.Equal(pen, SettingsDigest.Of(null, Build(["pen"], (20, 80)).Detector, tiling, "a.svs", null, string.Empty));
    }

    private static (ArtifactTissueDetector Detector, ClassByRedModel Model) Build(string[] profiles, (int From, int To) tissue)
    {
        var manifest = SegmenterManifest.Load(Shipped).WithProfiles(profiles) with { Mpp = 4, PatchSize = 64, TileSource = SegmenterTileSource.Thumbnail };
        var model = new ClassByRedModel(manifest);
        var mask = new BinaryMask(Width, Height);
        for (var y = 20; y < 130; y++)
        {
            for (var x = tissue.From; x < tissue.To; x++)
            {
                mask.Data[(y * Width) + x] = 1;
            }
        }

        var second = new SegmentationTissueDetector(manifest, model, "abc", batchSize: 4);
        return (new ArtifactTissueDetector(new FixedDetector(mask), second, profiles), model);
    }

    private static RgbImage Image()
    {
        var image = new RgbImage(Width, Height);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var pen = x is (>= 45 and < 55) or (>= 150 and < 160);
                var tissue = x is >= 20 and < 80 && y is >= 20 and < 130;
                byte[] rgb = pen ? [40, 60, 200] : tissue ? [200, 110, 160] : [236, 234, 238];
                rgb.CopyTo(image.Pixels.Slice(((y * Width) + x) * 3, 3));
            }
        }

        return image;
    }

    // The first pass: a fixed mask.
    private sealed class FixedDetector(BinaryMask mask) : ITissueDetector
    {
        public string Name => "fixed";

        public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string> { ["first_pass"] = "first" };

        public TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel) => new(mask, ContourTracer.Trace(mask));
    }

    // A stand-in network: class 4 (pen) where the red channel is below 120 of 255, class 1 (normal tissue) elsewhere.
    private sealed class ClassByRedModel(SegmenterManifest manifest) : ISegmentationModel
    {
        public int Patches { get; private set; }

        public string Device => "test";

        public float[] Run(float[] input, int batch, int size)
        {
            Patches += batch;
            var area = size * size;
            var classes = manifest.Classes.Count;
            var cut = ((120 / 255f) - manifest.Mean[0]) / manifest.Std[0];
            var output = new float[batch * classes * area];
            for (var b = 0; b < batch; b++)
            {
                for (var i = 0; i < area; i++)
                {
                    var winner = input[(b * 3 * area) + i] < cut ? 4 : 1;
                    for (var c = 0; c < classes; c++)
                    {
                        output[(((b * classes) + c) * area) + i] = c == winner ? 5f : -5f;
                    }
                }
            }

            return output;
        }
    }
}
