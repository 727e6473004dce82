using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

public sealed class DropFolderScannerTests : IDisposable
{
    private readonly string _drop = TestAssets.NewTempDir();

    [Fact]
    public void Scan_MixedFolder_ListsVisibleTopLevelFilesOnly()
    {
        File.WriteAllText(Path.Combine(_drop, "a.svs"), "x");
        File.WriteAllText(Path.Combine(_drop, "notes.txt"), "x");
        File.WriteAllText(Path.Combine(_drop, ".hidden.svs"), "x");
        File.WriteAllText(Path.Combine(_drop, ".a.svs.123.abc.partial"), "x");
        Directory.CreateDirectory(Path.Combine(_drop, "done"));
        File.WriteAllText(Path.Combine(_drop, "done", "b.svs"), "x");
        Directory.CreateDirectory(Path.Combine(_drop, "failed"));
        File.WriteAllText(Path.Combine(_drop, "failed", "c.svs"), "x");
        Directory.CreateDirectory(Path.Combine(_drop, "other"));
        File.WriteAllText(Path.Combine(_drop, "other", "d.svs"), "x");

        var items = new DropFolderScanner(_drop, FinishedSourceAction.Move).Scan();

        Assert.Equal(["a.svs", "notes.txt"], items.Select(i => i.Name));
        Assert.All(items, i => Assert.False(i.IsMirax));
    }

    [Fact]
    public void Scan_Mirax_OneItemWhoseSnapshotCoversTheDataFolder()
    {
        File.WriteAllText(Path.Combine(_drop, "m.mrxs"), "index");
        var data = Directory.CreateDirectory(Path.Combine(_drop, "m")).FullName;
        File.WriteAllText(Path.Combine(data, "Slidedat.ini"), "ini");
        File.WriteAllText(Path.Combine(data, "Data0000.dat"), "tiles");
        Directory.CreateDirectory(Path.Combine(_drop, "orphan"));
        File.WriteAllText(Path.Combine(_drop, "orphan", "Data0000.dat"), "x");
        var scanner = new DropFolderScanner(_drop, FinishedSourceAction.Move);

        var item = Assert.Single(scanner.Scan());
        Assert.True(item.IsMirax);
        Assert.Equal(["m.mrxs", Path.Combine("m", "Data0000.dat"), Path.Combine("m", "Slidedat.ini")], item.Snapshot.Entries.Select(e => e.RelativePath));

        File.AppendAllText(Path.Combine(data, "Data0000.dat"), "more");
        Assert.NotEqual(item.Snapshot, scanner.Look("m.mrxs")!.Snapshot);
        File.WriteAllText(Path.Combine(data, "Data0001.dat"), "new file");
        Assert.Equal(4, scanner.Look("m.mrxs")!.Snapshot.Entries.Count);
    }

    [Fact]
    public void Scan_MarkerMode_SkipsMarkersAndSettlesOnlyTheMarkedVersion()
    {
        var path = Path.Combine(_drop, "a.svs");
        File.WriteAllText(path, "x");
        var scanner = new DropFolderScanner(_drop, FinishedSourceAction.Marker);
        var item = scanner.Look("a.svs")!;
        SourceMarkers.Write(item, SourceMarkers.DoneSuffix, []);

        Assert.Equal(["a.svs"], scanner.Scan().Select(i => i.Name));
        Assert.True(SourceMarkers.Settles(scanner.Look("a.svs")!));

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.False(SourceMarkers.Settles(scanner.Look("a.svs")!));
    }

    [Fact]
    public void Look_Vanished_Null()
    {
        Assert.Null(new DropFolderScanner(_drop, FinishedSourceAction.Move).Look("nothing.svs"));
    }

    public void Dispose() => Directory.Delete(_drop, true);
}
