using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class PackagingTests
{
    [Theory]
    [InlineData("demo-vit.json")]
    [InlineData("demo-vit.onnx")]
    [InlineData("gigapath-slide.json")]
    [InlineData("uni.json")]
    public void Build_ShippedManifestBesideTheProgram_SameAsInTheRepository(string name)
    {
        // What the build copies beside slideembed.dll is what publish and the tool package carry.
        var shipped = Path.Combine(AppContext.BaseDirectory, "manifests", name);

        Assert.True(File.Exists(shipped), $"{shipped} is missing: the CLI project must include manifests/ as content.");
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestAssets.RepoRoot, "manifests", name)), File.ReadAllBytes(shipped));
    }
}
