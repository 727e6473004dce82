using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;

namespace SlideEmbed.Arrow.Tests;

/// <summary>
/// The Arrow writers on a full file system (a 64 KiB tmpfs): whichever step fails, the temporary file is
/// gone when the exception leaves, and nothing appears under the final name.
/// </summary>
public sealed class DiskFullTests
{
    private const int Dimension = 64;
    private readonly Dictionary<string, string> _metadata = new() { ["slideembed.test"] = "disk-full" };

    [Fact]
    public void TileEmbeddingFileWriter_DiskFullWritingABatch_NoFileLeftWhenAddThrows()
    {
        using var disk = SmallFileSystem.Mount(64);
        var grid = Grid(TileEmbeddingFileWriter.RowsPerBatch);
        var writer = new TileEmbeddingFileWriter(Path.Combine(disk.Path, "s.tiles.arrow"), "s", grid, Dimension, ModelPrecision.Fp32, _metadata);
        var embedding = new float[Dimension];

        // The first full batch (16,384 x 64 floats, 4 MiB) cannot be written.
        var e = Record.Exception(() =>
        {
            foreach (var tile in grid.Tiles)
            {
                writer.Add(tile, embedding, null);
            }
        });

        Assert.IsAssignableFrom<IOException>(e);
        Assert.Empty(Directory.GetFiles(disk.Path));
        writer.Dispose();
        Assert.Empty(Directory.GetFiles(disk.Path));
    }

    [Fact]
    public void TileEmbeddingFileWriter_DiskFullOnCommit_NoFileLeftWhenCommitThrows()
    {
        using var disk = SmallFileSystem.Mount(64);
        var filler = disk.Fill(48 * 1024);
        var grid = Grid(100);
        var writer = new TileEmbeddingFileWriter(Path.Combine(disk.Path, "s.tiles.arrow"), "s", grid, Dimension, ModelPrecision.Fp32, _metadata);
        foreach (var tile in grid.Tiles)
        {
            writer.Add(tile, new float[Dimension], null);
        }

        Assert.ThrowsAny<IOException>(writer.Commit);

        Assert.Equal([filler], Directory.GetFiles(disk.Path));
        writer.Dispose();
        Assert.Equal([filler], Directory.GetFiles(disk.Path));
    }

    [Fact]
    public void SlideEmbeddingFile_DiskFull_ThrowsAndLeavesNoFile()
    {
        using var disk = SmallFileSystem.Mount(64);
        var filler = disk.Fill(60 * 1024);
        var row = new SlideEmbeddingRow("s", "tiny", "mean", "mean", 10, new float[4096]);

        Assert.ThrowsAny<IOException>(() => SlideEmbeddingFile.Write(Path.Combine(disk.Path, "s.slide.arrow"), row, _metadata));

        Assert.Equal([filler], Directory.GetFiles(disk.Path));
    }

    [Fact]
    public void TileTableFile_DiskFull_ThrowsAndLeavesNoFile()
    {
        using var disk = SmallFileSystem.Mount(64);
        var filler = disk.Fill(48 * 1024);

        Assert.ThrowsAny<IOException>(() => TileTableFile.Write(Path.Combine(disk.Path, "s.tiles.arrow"), "s", Grid(2000), _metadata));

        Assert.Equal([filler], Directory.GetFiles(disk.Path));
    }

    private static TileGrid Grid(int count) => new()
    {
        Level0Mpp = MicronsPerPixel.Isotropic(0.25),
        TargetMpp = MicronsPerPixel.Isotropic(0.5),
        EdgeAtTargetPx = 224,
        Level0TileSize = 448,
        Level0Stride = 448,
        ReadLevel = 0,
        ReadDownsample = 1,
        EdgeAtReadLevelPx = 448,
        GridSize = (count, 1),
        Tiles = [.. Enumerable.Range(0, count).Select(i => new Tile(i, i * 448L, 0, 1f))],
    };
}
