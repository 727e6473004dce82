using SlideEmbed.Aggregation;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

public sealed class NativeSlideEncoderManifestTests
{
    [Theory]
    [InlineData("titan", SlideEncoderArchitecture.Titan, "conch-v1-5", 768, 768)]
    [InlineData("feather-conch-v1-5", SlideEncoderArchitecture.Feather, "conch-v1-5", 768, 512)]
    [InlineData("feather-uni2-h", SlideEncoderArchitecture.Feather, "uni2-h", 1536, 512)]
    [InlineData("chief", SlideEncoderArchitecture.Chief, "ctranspath", 768, 768)]
    [InlineData("madeleine", SlideEncoderArchitecture.Madeleine, "conch-v1", 512, 512)]
    public void Load_BundledManifest_ReadsEncoderAndTileRequirements(string name, SlideEncoderArchitecture encoder, string tileEncoder, int input, int output)
    {
        var path = Path.Combine(TestAssets.RepoRoot, "manifests", name + ".json");
        Assert.True(NativeSlideEncoderManifest.Declares(File.ReadAllText(path)));
        var m = NativeSlideEncoderManifest.Load(path);
        Assert.Equal((encoder, tileEncoder, input, output), (m.Encoder, m.TileEncoder, m.InputDimension, m.OutputDimension));
        Assert.Contains("tools/convert_slide_encoder.py", m.ConvertCommand, StringComparison.Ordinal);
    }

    [Fact]
    public void Declares_GigaPathManifest_False()
    {
        var json = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "manifests", "gigapath-slide.json"));
        Assert.True(SlideEncoderManifest.IsSlideEncoderManifest(json));
        Assert.False(NativeSlideEncoderManifest.Declares(json));
    }

    [Fact]
    public void Incompatibility_TileEncoderAtOtherResolution_NamesBoth()
    {
        var titan = NativeSlideEncoderManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", "titan.json"));
        var conch = ModelManifest.Load(Path.Combine(TestAssets.RepoRoot, "manifests", "conch-v1-5.json"));
        Assert.Null(titan.Incompatibility(conch));
        var reason = titan.Incompatibility(conch with { TileMpp = 0.25, EdgeAtTargetPx = 1024 });
        Assert.NotNull(reason);
        Assert.Contains("0.25 um/px", reason, StringComparison.Ordinal);
        Assert.Contains("tile.read_size 512", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownEncoder_ThrowsNamingIt()
    {
        var json = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "manifests", "chief.json")).Replace("\"encoder\": \"chief\"", "\"encoder\": \"prism\"", StringComparison.Ordinal);
        var e = Assert.Throws<ModelManifestException>(() => NativeSlideEncoderManifest.Parse(json));
        Assert.Contains("prism", e.Message, StringComparison.Ordinal);
    }
}
