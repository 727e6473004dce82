using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

public sealed class OnnxTileEncoderBindingTests
{
    private static string ModelsDir => Path.Combine(TestAssets.RepoRoot, "tests", "models");

    [Theory]
    [InlineData("tiny-cls", 5)]
    [InlineData("tiny-cls-mean-reg", 3)]
    [InlineData("tiny-pooled", 4)]
    [InlineData("tiny-fp16", 3)]
    public void Encode_IoBindingOnCpu_IdenticalToPlainRun(string model, int tiles)
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, model + ".json"));
        var path = Path.Combine(ModelsDir, manifest.OnnxFile);
        using var bound = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions { IoBinding = true, BatchSize = tiles })[0];
        using var plain = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions { IoBinding = false, BatchSize = tiles })[0];
        Assert.True(bound.UsesIoBinding);
        Assert.False(bound.UsesPinnedInput);
        Assert.False(plain.UsesIoBinding);
        var random = new Random(11);

        // Two batches of different sizes through the same binding: nothing from the first may leak into the second.
        foreach (var count in new[] { tiles, tiles - 1 })
        {
            var batch = new EncoderBatch(tiles, manifest.InputSize, manifest.Precision) { Count = count };
            for (var i = 0; i < count * batch.SlotLength; i++)
            {
                var v = (float)((random.NextDouble() * 4) - 2);
                if (batch.Floats is not null)
                {
                    batch.Floats[i] = v;
                }
                else
                {
                    batch.Halves![i] = (Half)v;
                }
            }

            var a = new float[count * manifest.Dimension];
            var b = new float[count * manifest.Dimension];
            bound.Encode(batch, a);
            plain.Encode(batch, b);

            Assert.Equal(b, a);
            Assert.Contains(a, v => v != 0);
        }
    }
}
