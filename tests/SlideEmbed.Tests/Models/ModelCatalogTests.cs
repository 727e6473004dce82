using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Models;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Default_ManifestsBesideTheProgram_FoundByNameOutsideACheckout()
    {
        // A published or tool-installed program: manifests/ beside it, run from a folder with no checkout above.
        using var program = new TempFolder();
        using var elsewhere = new TempFolder();
        var shipped = Directory.CreateDirectory(Path.Combine(program, "manifests")).FullName;
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "demo-vit.json"), Path.Combine(shipped, "demo-vit.json"));
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "demo-vit.onnx"), Path.Combine(shipped, "demo-vit.onnx"));

        var catalog = ModelCatalog.Default(program, elsewhere);
        var manifest = catalog.Find("demo-vit");

        Assert.Equal(Path.Combine(shipped, "demo-vit.json"), manifest.ManifestPath);
        Assert.Equal(Path.Combine(shipped, "demo-vit.onnx"), catalog.LocateModelFile(manifest));
        Assert.Contains("demo-vit", catalog.ListNames());
    }
}
