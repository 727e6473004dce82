using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

/// <summary>
/// Every tile encoder the export tool builds, from a random depth-2 checkpoint in the model's published key
/// layout and file format: the strict load succeeds, ONNX Runtime reproduces the PyTorch module (1e-5), the
/// exported manifest's parity check passes, and each position-table rule equals the model's own loader.
/// </summary>
public sealed class ExportConformanceTests(ConformanceRun run) : IClassFixture<ConformanceRun>
{
    private static readonly string[] s_notBuilt = ["ctranspath", "musk"];

    /// <summary>Tile-encoder manifests shipped in manifests/ that the export tool builds.</summary>
    public static TheoryData<string> Presets => new(TileEncoderManifests().Except(s_notBuilt).Where(n => n != "demo-vit"));

    /// <summary>The position-table rules of tools/export_posembed.py.</summary>
    public static TheoryData<string> Rules => new(["timm", "hf", "dinov2-reg", "conch15", "exact"]);

    [Theory]
    [MemberData(nameof(Presets))]
    public void Export_PublishedLayoutCheckpoint_OnnxRuntimeEqualsTorch(string preset)
    {
        var summary = run.Require();
        Assert.True(summary.GetProperty("presets").TryGetProperty(preset, out var entry), $"the conformance run has no preset '{preset}'");
        Assert.True(entry.GetProperty("ok").GetBoolean(), $"{preset}: {entry}");
        var shape = entry.GetProperty("input_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        var input = ReadFloats(Path.Combine(run.Folder, preset + ".input.f32"));
        var expected = ReadFloats(Path.Combine(run.Folder, preset + ".expected.f32"));

        using var session = new InferenceSession(Path.Combine(run.Folder, preset + ".onnx"));
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["pixel_values"], [value], [entry.GetProperty("output").GetString()!]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"{preset}: max abs difference {worst} between ONNX Runtime and torch");
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void Export_ManifestCheckBlock_PassesThroughOnnxRuntime(string preset)
    {
        var summary = run.Require();
        Assert.True(summary.GetProperty("presets").GetProperty(preset).GetProperty("ok").GetBoolean());
        var manifest = ModelManifest.Load(Path.Combine(run.Folder, preset + ".json"));
        Assert.NotNull(manifest.Check);
        var path = Path.Combine(run.Folder, manifest.OnnxFile);
        using var encoder = OnnxTileEncoder.Create(path, manifest, new OnnxEncoderOptions { BatchSize = 1, WarmUp = false })[0];

        var result = ParityVerifier.Run(encoder, manifest, manifest.Check);

        Assert.True(result.Passed, $"{preset}: {result.Describe()}");
        Assert.True(result.MaxAbsDifference <= 1e-4, $"{preset}: {result.Describe()}");
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void PositionRule_TableOfAnotherGrid_ResampledAsTheModelsOwnLoader(string rule)
    {
        var summary = run.Require();
        var entry = summary.GetProperty("rules").GetProperty(rule);
        Assert.True(entry.GetProperty("ok").GetBoolean(), $"{rule}: {entry}");
        if (rule == "exact")
        {
            Assert.Contains("does not resample", entry.GetProperty("refused").GetString(), StringComparison.Ordinal);
            return;
        }

        Assert.True(entry.GetProperty("max_abs_diff").GetDouble() <= 1e-6, entry.ToString());
        // The rule a careless port would use gives a visibly different table, so the check can fail.
        Assert.True(entry.GetProperty("contrast_diff").GetDouble() > 1e-4, entry.ToString());
    }

    [Fact]
    public void Conformance_CoversExactlyTheBuildableManifests()
    {
        var summary = run.Require();
        var covered = summary.GetProperty("presets").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(Presets.Select(r => (string)r.Data).Order(StringComparer.Ordinal), covered);
    }

    [Theory]
    [InlineData("ctranspath")]
    [InlineData("musk")]
    public void Manifest_NotBuiltByTheExport_SaysWhyAndWhatToUse(string name)
    {
        var manifest = ModelManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", name + ".json"));

        Assert.StartsWith("not built by tools/export_onnx.py: ", manifest.ExportCommand, StringComparison.Ordinal);
        Assert.Contains("ONNX graph with input pixel_values", manifest.ExportCommand, StringComparison.Ordinal);
        Assert.Contains($"output {manifest.OutputName} [batch,{manifest.Dimension}]", manifest.ExportCommand, StringComparison.Ordinal);
    }

    private static IEnumerable<string> TileEncoderManifests()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(TestAssets.RepoRoot, "manifests"), "*.json").Order(StringComparer.Ordinal))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("kind", out var kind) || kind.GetString() == "tile-encoder")
            {
                yield return Path.GetFileNameWithoutExtension(file);
            }
        }
    }

    private static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
