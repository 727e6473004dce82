using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Output;

/// <summary>Writes into a full file system (a 64 KiB tmpfs): the temporary file goes before the error leaves.</summary>
public sealed class AtomicFileDiskFullTests
{

    [Fact]
    public void Commit_DiskFullOnFlush_TemporaryFileRemovedBeforeTheExceptionLeaves()
    {
        using var disk = SmallFileSystem.Mount(64);
        var filler = disk.Fill(48 * 1024);
        var writer = new AtomicFileWriter(Path.Combine(disk.Path, "a.tiles.arrow"));
        writer.Stream.Write(new byte[32 * 1024]); // buffered: the disk fills when it is flushed

        Assert.ThrowsAny<IOException>(writer.Commit);

        Assert.Equal([filler], Directory.GetFiles(disk.Path));
        writer.Dispose();
        Assert.Equal([filler], Directory.GetFiles(disk.Path));
    }

    [Fact]
    public void Write_DiskFull_ThrowsAndLeavesNoFile()
    {
        using var disk = SmallFileSystem.Mount(64);
        var filler = disk.Fill(48 * 1024);

        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(Path.Combine(disk.Path, "a.slide.arrow"), s => s.Write(new byte[32 * 1024])));

        Assert.Equal([filler], Directory.GetFiles(disk.Path));
    }

    [Fact]
    public void Write_DiskFullWhileWritingLargeContent_ThrowsAndLeavesNoFile()
    {
        using var disk = SmallFileSystem.Mount(64);
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(Path.Combine(disk.Path, "a.tiles.arrow"), s =>
        {
            for (var i = 0; i < 20; i++)
            {
                s.Write(new byte[10_000]);
            }
        }));

        Assert.Empty(Directory.GetFiles(disk.Path));
    }
}
