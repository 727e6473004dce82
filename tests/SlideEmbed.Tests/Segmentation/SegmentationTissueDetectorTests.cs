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
        var manifest = SegmenterManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", name + ".json")) with { PatchSize = 64 };
        var model = new GreenThresholdModel(manifest, 170);
        var detector = new SegmentationTissueDetector(manifest, model, "abc");
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

    private sealed class GreenThresholdModel(SegmenterManifest manifest, float green) : ISegmentationModel
    {
        public int Calls { get; private set; }

        public string Device => "test";

        public float[] Run(float[] input, int batch, int size)
        {
            Calls++;
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
