using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Segmentation;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Segmentation;

public sealed class SegmentationTissueDetectorTests
{
    [Theory]
    [InlineData("grandqc-tissue")]
    [InlineData("hest-tissue")]
    public void Detect_ThresholdModelOnPinkSquare_MaskIsTheSquare(string name)
    {
        // A stand-in network whose tissue class wins exactly where the green channel is below 170 of 255:
        // the pink square (G = 110) on white (G = 234), so the true mask is known.
        // The detection-image path (tile.source thumbnail); reading from the slide is tested against the reference in SlideSourceConformanceTests.
        var manifest = SegmenterManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", name + ".json")) with { PatchSize = 64, TileSource = SegmenterTileSource.Thumbnail };
        var model = new GreenThresholdModel(manifest, 170);
        var jpeg = new CountingIdentityJpeg();
        var detector = new SegmentationTissueDetector(manifest, model, "abc", jpeg: jpeg);
        using var image = new RgbImage(200, 150);
        for (var y = 0; y < 150; y++)
        {
            for (var x = 0; x < 200; x++)
            {
                var inside = x is >= 40 and < 120 && y is >= 30 and < 110;
                image.Pixels[((y * 200) + x) * 3] = (byte)(inside ? 200 : 236);
                image.Pixels[(((y * 200) + x) * 3) + 1] = (byte)(inside ? 110 : 234);
                image.Pixels[(((y * 200) + x) * 3) + 2] = (byte)(inside ? 160 : 238);
            }
        }

        var result = detector.Detect(image, MicronsPerPixel.Isotropic(8));

        Assert.Single(result.Regions);
        Assert.True(model.Calls > 0);
        // GrandQC's patches go through its JPEG step (here an identity codec) once each; HEST has none.
        Assert.Equal(manifest.Jpeg is null ? 0 : model.Patches, jpeg.Calls);
        for (var y = 0; y < 150; y++)
        {
            for (var x = 0; x < 200; x++)
            {
                var distance = Math.Min(Math.Min(Math.Abs(x - 40), Math.Abs(x - 119)), Math.Min(Math.Abs(y - 30), Math.Abs(y - 109)));
                var inside = x is >= 40 and < 120 && y is >= 30 and < 110;
                if (distance > 2)
                {
                    Assert.True(inside == result.Mask[x, y], $"{name}: pixel ({x}, {y})");
                }
            }
        }

        Assert.Equal(name, detector.Name);
        Assert.Equal(manifest.ManifestSha256, detector.Parameters["manifest_sha256"]);
        Assert.Equal("abc", detector.Parameters["onnx_sha256"]);
    }

    [Fact]
    public void Create_JpegManifestWithoutCodec_RefusedNamingTheSegmenter()
    {
        var manifest = SegmenterManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-tissue.json"));

        var e = Assert.Throws<ArgumentException>(() => new SegmentationTissueDetector(manifest, new GreenThresholdModel(manifest, 170), "abc"));

        Assert.Contains("grandqc-tissue", e.Message, StringComparison.Ordinal);
        Assert.Contains("preprocess.jpeg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_JpegManifest_CodecSeesRoundedUint8PatchWithFill()
    {
        // 8 um/px image to 10 um/px: 40 x 30 becomes 32 x 24, inside one 64 px patch filled with white.
        var manifest = SegmenterManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-tissue.json")) with { PatchSize = 64 };
        var jpeg = new CountingIdentityJpeg();
        var detector = new SegmentationTissueDetector(manifest, new GreenThresholdModel(manifest, 170), "abc", jpeg: jpeg);
        using var image = new RgbImage(40, 30);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)(i % 3 == 1 ? 100 + (i / 3 % 40 % 2) : 200);
        }

        detector.Segment(image, 8);

        var patch = jpeg.Last!;
        Assert.Equal(64 * 64 * 3, patch.Length);
        // Beyond the 32 x 24 resampled image: the manifest's white fill.
        Assert.Equal(255, patch[((30 * 64) + 40) * 3]);
        Assert.Equal(255, patch[((10 * 64) + 33) * 3]);
        // Inside: red is 200 everywhere; green alternates 100, 101 by column. Column d samples source
        // x = 1.25 d + 0.125: d = 0 gives 100.125, d = 1 gives 100.625, d = 3 gives 100.125, rounded to nearest.
        Assert.Equal(200, patch[((5 * 64) + 5) * 3]);
        Assert.Equal(100, patch[((5 * 64) * 3) + 1]);
        Assert.Equal(101, patch[(((5 * 64) + 1) * 3) + 1]);
        Assert.Equal(100, patch[(((5 * 64) + 3) * 3) + 1]);
        Assert.Equal("q80 OpencvBgrQuirk", detector.Parameters["jpeg"]);
    }

    private sealed class CountingIdentityJpeg : IJpegRoundTrip
    {
        public int Calls { get; private set; }

        public byte[]? Last { get; private set; }

        public void RoundTrip(Span<byte> pixels, int width, int height, SegmenterJpeg settings)
        {
            Calls++;
            Last = pixels.ToArray();
            Assert.Equal(new SegmenterJpeg(80, SegmenterJpegVariant.OpencvBgrQuirk), settings);
            Assert.Equal(width * height * 3, pixels.Length);
        }
    }

    private sealed class GreenThresholdModel(SegmenterManifest manifest, float green) : ISegmentationModel
    {
        public int Calls { get; private set; }

        public int Patches { get; private set; }

        public string Device => "test";

        public float[] Run(float[] input, int batch, int size)
        {
            Calls++;
            Patches += batch;
            var area = size * size;
            var classes = manifest.Classes.Count;
            var cut = ((green / 255f) - manifest.Mean[1]) / manifest.Std[1];
            var tissue = manifest.Foreground[0];
            var output = new float[batch * classes * area];
            for (var b = 0; b < batch; b++)
            {
                for (var i = 0; i < area; i++)
                {
                    var g = input[(b * 3 * area) + area + i];
                    for (var c = 0; c < classes; c++)
                    {
                        output[(((b * classes) + c) * area) + i] = (c == tissue) == (g < cut) ? 5f : -5f;
                    }
                }
            }

            return output;
        }
    }
}
