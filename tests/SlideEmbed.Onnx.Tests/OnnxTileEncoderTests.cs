using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

public sealed class OnnxTileEncoderTests
{
    private static string ModelsDir => Path.Combine(TestAssets.RepoRoot, "tests", "models");

    public static TheoryData<string> Models => new(["tiny-cls", "tiny-cls-mean-reg", "tiny-pooled"]);

    [Theory]
    [MemberData(nameof(Models))]
    public void Encode_StoredInputTensors_EqualTorchEmbeddings(string model)
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, model + ".json"));
        using var goldens = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelsDir, model + ".goldens.json")));
        var tiles = goldens.RootElement.GetProperty("tiles").EnumerateArray().ToList();
        var inputs = Directory.GetFiles(ModelsDir, model + ".tile*.f32.gz").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(inputs);
        var encoder = OnnxTileEncoder.Create(Path.Combine(ModelsDir, manifest.OnnxFile), manifest, new OnnxEncoderOptions())[0];
        using var _ = encoder;
        var batch = new EncoderBatch(inputs.Count, manifest.InputSize, ModelPrecision.Fp32);
        var indices = new List<int>();
        foreach (var file in inputs)
        {
            var index = int.Parse(Path.GetFileName(file).Split('.')[^3]["tile".Length..], System.Globalization.CultureInfo.InvariantCulture);
            indices.Add(index);
            MemoryMarshal.Cast<byte, float>(ReadGz(file)).CopyTo(batch.FloatSlot(batch.Count));
            batch.Count++;
        }

        var embeddings = new float[batch.Count * manifest.Dimension];
        encoder.Encode(batch, embeddings);

        for (var k = 0; k < indices.Count; k++)
        {
            var golden = tiles[indices[k]].GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            var actual = embeddings.AsSpan(k * manifest.Dimension, manifest.Dimension).ToArray();
            Assert.Equal(manifest.Dimension, golden.Length);
            var worst = golden.Zip(actual, (g, a) => Math.Abs(g - a)).Max();
            Assert.True(worst <= 1e-5, $"tile {indices[k]}: max abs difference {worst}");
        }
    }

    [Fact]
    public void Create_TwoCpuSessions_GiveIdenticalEmbeddings()
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, "tiny-cls.json"));
        var encoders = OnnxTileEncoder.Create(Path.Combine(ModelsDir, manifest.OnnxFile), manifest,
            new OnnxEncoderOptions { Devices = EncoderDevice.ParseList("cpu,cpu"), IntraOpThreads = 1 });
        try
        {
            Assert.Equal(2, encoders.Count);
            var batch = new EncoderBatch(3, manifest.InputSize, ModelPrecision.Fp32) { Count = 3 };
            new Random(3).NextBytes(MemoryMarshal.AsBytes(batch.Floats.AsSpan()));
            for (var i = 0; i < batch.Floats!.Length; i++)
            {
                batch.Floats[i] = (batch.Floats[i] % 3) is var v && float.IsFinite(v) ? v : 0;
            }

            var a = new float[3 * manifest.Dimension];
            var b = new float[3 * manifest.Dimension];
            encoders[0].Encode(batch, a);
            encoders[1].Encode(batch, b);
            Assert.Equal(a, b);
        }
        finally
        {
            foreach (var e in encoders)
            {
                e.Dispose();
            }
        }
    }

    [Fact]
    public void Create_IntraOpSpinningOff_SameEmbeddingsAsDefault()
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, "tiny-cls-mean-reg.json"));
        var path = Path.Combine(ModelsDir, manifest.OnnxFile);
        using var spinning = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions())[0];
        using var quiet = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions { IntraOpSpinning = false })[0];
        var batch = new EncoderBatch(4, manifest.InputSize, ModelPrecision.Fp32) { Count = 4 };
        var random = new Random(5);
        for (var i = 0; i < batch.Floats!.Length; i++)
        {
            batch.Floats[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var a = new float[4 * manifest.Dimension];
        var b = new float[4 * manifest.Dimension];
        spinning.Encode(batch, a);
        quiet.Encode(batch, b);

        Assert.Equal(a, b);
        Assert.Contains(a, v => v != 0);
    }

    [Fact]
    public void Create_ManifestDimensionWrong_FailsBeforeAnyTile()
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, "tiny-cls.json")) with { Dimension = 64 };

        var e = Assert.Throws<ModelManifestException>(() => OnnxTileEncoder.Create(Path.Combine(ModelsDir, manifest.OnnxFile), manifest, new OnnxEncoderOptions()));

        Assert.Contains("last dimension 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WrongInputName_FailsNamingTheInputs()
    {
        var manifest = ModelManifest.Load(Path.Combine(ModelsDir, "tiny-cls.json")) with { InputName = "image" };

        var e = Assert.Throws<ModelManifestException>(() => OnnxTileEncoder.Create(Path.Combine(ModelsDir, manifest.OnnxFile), manifest, new OnnxEncoderOptions()));

        Assert.Contains("pixel_values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ExternalDataAndFp16Exports_MatchTheFp32Model()
    {
        // Three exports of the same seeded weights: plain fp32, fp32 with an external-data side file, fp16.
        var batch32 = new EncoderBatch(2, 224, ModelPrecision.Fp32) { Count = 2 };
        var batch16 = new EncoderBatch(2, 224, ModelPrecision.Fp16) { Count = 2 };
        var random = new Random(11);
        for (var i = 0; i < batch32.Floats!.Length; i++)
        {
            batch32.Floats[i] = (float)((random.NextDouble() * 4) - 2);
            batch16.Halves![i] = (Half)batch32.Floats[i];
        }

        float[] Run(string name, EncoderBatch batch)
        {
            var manifest = ModelManifest.Load(Path.Combine(ModelsDir, name + ".json"));
            using var encoder = OnnxTileEncoder.Create(Path.Combine(ModelsDir, manifest.OnnxFile), manifest, new OnnxEncoderOptions())[0];
            var result = new float[2 * manifest.Dimension];
            encoder.Encode(batch, result);
            return result;
        }

        var f32 = Run("tiny-f32", batch32);
        var ext = Run("tiny-ext", batch32);
        var f16 = Run("tiny-fp16", batch16);

        Assert.Equal(f32, ext);
        var worst = f32.Zip(f16, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 0.05, $"fp16 differs from fp32 by {worst}");
        Assert.True(f32.Zip(f16, (a, b) => Math.Abs(a - b)).Average() < 0.01);
    }

    [Theory]
    [InlineData("cpu", EncoderDeviceKind.Cpu, 0)]
    [InlineData("CUDA:1", EncoderDeviceKind.Cuda, 1)]
    [InlineData("tensorrt", EncoderDeviceKind.TensorRT, 0)]
    public void Parse_DeviceSpecs(string text, EncoderDeviceKind kind, int index)
    {
        Assert.Equal(new EncoderDevice(kind, index), EncoderDevice.Parse(text));
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    public void Parse_BadDevice_Throws(string text)
    {
        Assert.Throws<FormatException>(() => EncoderDevice.Parse(text));
    }

    private static byte[] ReadGz(string path)
    {
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
