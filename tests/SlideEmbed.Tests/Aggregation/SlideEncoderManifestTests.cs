using System.Text.Json.Nodes;
using SlideEmbed.Aggregation;
using SlideEmbed.Models;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

public sealed class SlideEncoderManifestTests
{
    private static string ManifestPath => Path.Combine(TestAssets.RepoRoot, "manifests", "gigapath-slide.json");

    [Fact]
    public void Load_GigapathSlide_ReleasedSettings()
    {
        var m = SlideEncoderManifest.Load(ManifestPath);

        Assert.Equal("gigapath-slide", m.Name);
        Assert.Equal("gigapath-tile", m.TileEncoder);
        Assert.Equal((1536, 768, 12, 3072, 768), (m.InputDimension, m.Width, m.Depth, m.FfnDimension, m.OutputDimension));
        Assert.Equal(16, m.Options.Heads);
        Assert.Equal(LongNetOptions.ReleasedSegmentLengths, m.Options.SegmentLengths);
        Assert.Equal(LongNetOptions.ReleasedDilationRatios, m.Options.DilationRatios);
        Assert.Equal((256, 1000, 1e-5, 1e-6), (m.Options.TileSize, m.Options.GridSize, m.Options.LayerNormEpsilon, m.Options.NormEpsilon));
        Assert.Equal(LongNetOutput.TridentDefault, m.Options.Output);
        Assert.Null(m.Options.CoordinateMpp);
        Assert.Equal("level0", m.CoordinateFrame());
        Assert.Equal("gigapath-slide.safetensors", m.WeightsFile);
        Assert.Contains("tools/convert_gigapath_slide.py", m.ConvertCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void IsSlideEncoderManifest_SlideAndTileManifests_Distinguished()
    {
        Assert.True(SlideEncoderManifest.IsSlideEncoderManifest(File.ReadAllText(ManifestPath)));
        Assert.False(SlideEncoderManifest.IsSlideEncoderManifest(File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "manifests", "gigapath-tile.json"))));
        Assert.False(SlideEncoderManifest.IsSlideEncoderManifest("not json"));
    }

    [Theory]
    [InlineData("model.rope", 1, "unknown key 'model.rope'")]
    [InlineData("kind", "tile-encoder", "kind 'tile-encoder'")]
    [InlineData("schema_version", 2, "schema_version 2")]
    [InlineData("output.default", "layer-mean:13", "hidden state 13")]
    [InlineData("output.default", "pooled", "Unknown slide encoder output")]
    [InlineData("input.coordinates", "mpp", "coordinates_mpp")]
    [InlineData("input.coordinates", "level1", "not level0 or mpp")]
    [InlineData("weights.format", "pth", "only safetensors")]
    [InlineData("output.dim", 512, "differs from model.width")]
    [InlineData("model.heads", 0, "Heads")]
    public void Parse_BadField_RejectedNamingIt(string field, object value, string expected)
    {
        var json = Modified(field, value);

        var e = Assert.Throws<ModelManifestException>(() => SlideEncoderManifest.Parse(json, "m.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MppFrame_SetsCoordinateMpp()
    {
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        json["input"]!["coordinates"] = "mpp";
        json["input"]!["coordinates_mpp"] = 0.5;

        var m = SlideEncoderManifest.Parse(json.ToJsonString());

        Assert.Equal(0.5, m.Options.CoordinateMpp!.Value.X);
        Assert.Equal("mpp 0.5", m.CoordinateFrame());
    }

    [Fact]
    public void FindWeights_Missing_ThrowsWithTheConvertCommand()
    {
        var m = SlideEncoderManifest.Load(ManifestPath);

        var e = Assert.Throws<ModelManifestException>(() => m.FindWeights([Path.Combine(Path.GetTempPath(), "slideembed-nowhere")]));
        Assert.Contains("convert_gigapath_slide.py", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEncoder_WeightsBesideTheManifest_LoadedAndSizesChecked()
    {
        using var dir = new TempFolder();
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        json["name"] = "tiny-slide";
        json["input"]!["dim"] = TinyLongNet.InputDimension;
        json["model"]!["width"] = TinyLongNet.Width;
        json["output"]!["dim"] = TinyLongNet.Width;
        json["model"]!["depth"] = TinyLongNet.Depth;
        json["model"]!["heads"] = 4;
        json["model"]!["ffn_dim"] = 64;
        json["output"]!["default"] = "layer-mean:2";
        var path = Path.Combine(dir, "tiny-slide.json");
        File.WriteAllText(path, json.ToJsonString());
        var (weights, _) = SplitMixGenerator.StateDict(99, TinyLongNet.InputDimension, TinyLongNet.Width, TinyLongNet.Depth, 64);
        using (weights)
        {
            var writer = new SafetensorsWriter();
            foreach (var t in weights.Tensors)
            {
                writer.AddFloat32(t.Name, weights.ReadFloat32(t.Name), [.. t.Shape]);
            }

            writer.WriteTo(Path.Combine(dir, "gigapath-slide.safetensors"));
        }

        var manifest = SlideEncoderManifest.Load(path);
        var encoder = manifest.CreateEncoder(manifest.FindWeights([]));
        Assert.Equal(TinyLongNet.Width, encoder.OutputDimension);
        Assert.Equal("tiny-slide", encoder.Name);

        var wrong = manifest with { Depth = 3 };
        var e = Assert.Throws<ModelManifestException>(() => wrong.CreateEncoder(manifest.FindWeights([])));
        Assert.Contains("depth 2", e.Message, StringComparison.Ordinal);

        var hashed = manifest with { WeightsSha256 = new string('0', 64) };
        e = Assert.Throws<ModelManifestException>(() => hashed.CreateEncoder(manifest.FindWeights([])));
        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    private static string Modified(string field, object value)
    {
        var json = JsonNode.Parse(File.ReadAllText(ManifestPath))!;
        var parts = field.Split('.');
        var node = parts.Length == 1 ? json : json[parts[0]]!;
        node[parts[^1]] = value switch
        {
            int i => JsonValue.Create(i),
            string s => JsonValue.Create(s),
            _ => throw new ArgumentException("Only int and string values are used here.", nameof(value)),
        };
        return json.ToJsonString();
    }
}
