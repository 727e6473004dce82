using System.Text;
using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Output;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_FailureMidway_LeavesOldContentAndNoPartialFile()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "out", "a.bin");
        AtomicFile.Write(path, s => s.Write([1, 2, 3]));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([9, 9]);
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["a.bin"], Directory.GetFiles(Path.Combine(dir, "out")).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_TargetNameOf240BytesWithMultiByteCharacters_Written()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            // 240 bytes of UTF-8: the longest slide ids plus an extension, with two- and four-byte characters.
            var stem = new StringBuilder("Patient-Müller-Möller");
            while (Encoding.UTF8.GetByteCount(stem.ToString()) + Encoding.UTF8.GetByteCount("-Größe-𝔊") <= 228)
            {
                stem.Append("-Größe-𝔊");
            }

            stem.Append('x', 228 - Encoding.UTF8.GetByteCount(stem.ToString()));
            var name = stem + ".tiles.arrow";
            Assert.Equal(240, Encoding.UTF8.GetByteCount(name));
            var path = Path.Combine(dir, name);

            AtomicFile.Write(path, s => s.Write([4, 5, 6]));

            Assert.Equal(new byte[] { 4, 5, 6 }, File.ReadAllBytes(path));
            Assert.Equal([name], Directory.GetFiles(dir).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
