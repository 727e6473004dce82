using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Safetensors;

/// <summary>
/// Weights reached through symbolic links, as in a Hugging Face cache
/// (<c>snapshots/REV/model.safetensors -&gt; ../../blobs/SHA</c>) or a shared model folder.
/// </summary>
public sealed class SafetensorsSymbolicLinkTests : IDisposable
{
    private readonly string _dir = TestAssets.NewTempDir();

    // Larger than any link's own size (the length of the target path), so reading the link's size fails.
    private static byte[] Sample() => new SafetensorsWriter()
        .AddFloat32("weight", Enumerable.Range(0, 256).Select(i => i * 0.5f).ToArray(), 16, 16)
        .AddFloat32("bias", [1f, 2f, 3f], 3)
        .SetMetadata("format", "pt")
        .ToArray();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Open_SymbolicLinkToFile_ReadsTheTarget()
    {
        var target = Path.Combine(_dir, "weights.safetensors");
        File.WriteAllBytes(target, Sample());
        var link = Path.Combine(_dir, "link.safetensors");
        File.CreateSymbolicLink(link, target);
        Assert.True(new FileInfo(link).Length < new FileInfo(target).Length);

        using var file = SafetensorsFile.Open(link);

        Assert.Equal(link, file.Source);
        Assert.Equal([1f, 2f, 3f], file.ReadFloat32("bias"));
        Assert.Equal(127.5f, file.ReadFloat32("weight")[255]);
    }

    [Fact]
    public void Open_ChainOfRelativeLinks_ReadsTheTarget()
    {
        // The layout of a Hugging Face cache, with one more link on top.
        var blobs = Directory.CreateDirectory(Path.Combine(_dir, "blobs")).FullName;
        var snapshot = Directory.CreateDirectory(Path.Combine(_dir, "snapshots", "0123abc")).FullName;
        File.WriteAllBytes(Path.Combine(blobs, "9f86d081884c7d65"), Sample());
        File.CreateSymbolicLink(Path.Combine(snapshot, "slide_encoder.safetensors"), "../../blobs/9f86d081884c7d65");
        var top = Path.Combine(_dir, "gigapath-slide.safetensors");
        File.CreateSymbolicLink(top, "snapshots/0123abc/slide_encoder.safetensors");

        using var file = SafetensorsFile.Open(top);

        Assert.Equal([1f, 2f, 3f], file.ReadFloat32("bias"));
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Open_DanglingLink_ThrowsFileNotFoundNamingLinkAndTarget()
    {
        var link = Path.Combine(_dir, "dangling.safetensors");
        File.CreateSymbolicLink(link, "../blobs/missing-blob");

        var e = Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(link));

        Assert.Contains(link, e.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing-blob", e.Message, StringComparison.Ordinal);
        Assert.Equal(link, e.FileName);
    }
}
