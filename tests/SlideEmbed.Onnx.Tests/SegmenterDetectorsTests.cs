using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

/// <summary>
/// Composing a segmenter whose manifest asks for a JPEG round trip: without a codec, or without
/// libturbojpeg, the run stops before any slide with one line naming the manifest and the fix.
/// </summary>
public sealed class SegmenterDetectorsTests
{
    [Fact]
    public void Create_JpegManifestLibraryMissing_OneLineNamingThePackage()
    {
        using var dir = new TempFolder();
        var manifest = Path.Combine(dir, "grandqc-tissue.json");
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-tissue.json"), manifest);
        var catalog = new ModelCatalog([dir], [dir]);

        // TurboJpegRoundTrip.Create's own failure, as on a machine without libturbojpeg0.
        var e = Assert.Throws<ModelManifestException>(() => SegmenterDetectors.Create(manifest, false, catalog, new OnnxEncoderOptions(), _ => { }, jpeg: () => throw new DllNotFoundException("libturbojpeg.so.0 is not installed; install it with: apt-get install libturbojpeg0 (or tools/install-deps.sh).")));

        Assert.Contains("grandqc-tissue", e.Message, StringComparison.Ordinal);
        Assert.Contains("preprocess.jpeg", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install libturbojpeg0", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Create_JpegManifestWithoutCodec_Refused()
    {
        using var dir = new TempFolder();
        var manifest = Path.Combine(dir, "grandqc-tissue.json");
        File.Copy(Path.Combine(TestAssets.RepoRoot, "manifests", "grandqc-tissue.json"), manifest);

        var e = Assert.Throws<ModelManifestException>(() => SegmenterDetectors.Create(manifest, false, new ModelCatalog([dir], [dir]), new OnnxEncoderOptions(), _ => { }));

        Assert.Contains("JPEG round trip", e.Message, StringComparison.Ordinal);
    }
}
