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
}
