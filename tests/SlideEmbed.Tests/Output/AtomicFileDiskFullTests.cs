using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Output;

/// <summary>Writes into a full file system (a 64 KiB tmpfs): the temporary file goes before the error leaves.</summary>
public sealed class AtomicFileDiskFullTests : IDisposable
{
    private readonly SmallFileSystem _disk = SmallFileSystem.Mount(64);

    public void Dispose() => _disk.Dispose();

    [Fact]
    public void Commit_DiskFullOnFlush_TemporaryFileRemovedBeforeTheExceptionLeaves()
    {
        var filler = _disk.Fill(48 * 1024);
        var writer = new AtomicFileWriter(Path.Combine(_disk.Path, "a.tiles.arrow"));
        writer.Stream.Write(new byte[32 * 1024]); // buffered: the disk fills when it is flushed

        Assert.ThrowsAny<IOException>(writer.Commit);

        Assert.Equal([filler], Directory.GetFiles(_disk.Path));
        writer.Dispose();
        Assert.Equal([filler], Directory.GetFiles(_disk.Path));
    }

    [Fact]
    public void Write_DiskFull_ThrowsAndLeavesNoFile()
    {
        var filler = _disk.Fill(48 * 1024);

        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(Path.Combine(_disk.Path, "a.slide.arrow"), s => s.Write(new byte[32 * 1024])));

        Assert.Equal([filler], Directory.GetFiles(_disk.Path));
    }

    [Fact]
    public void Write_DiskFullWhileWritingLargeContent_ThrowsAndLeavesNoFile()
    {
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(Path.Combine(_disk.Path, "a.tiles.arrow"), s =>
        {
            for (var i = 0; i < 20; i++)
            {
                s.Write(new byte[10_000]);
            }
        }));

        Assert.Empty(Directory.GetFiles(_disk.Path));
    }
}
