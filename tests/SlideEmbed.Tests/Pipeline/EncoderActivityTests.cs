using System.Diagnostics;
using System.Text.Json.Nodes;
using SlideEmbed.Pipeline;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Pipeline;

public sealed class EncoderActivityTests
{
    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void Record_TwoDevices_KeepsEachDevicesTimeBatchesAndTiles()
    {
        var activity = new EncoderActivity(["cuda:0", "cuda:1"]);

        activity.Record(0, slide: 0, start: 0, end: Ticks(2), tiles: 64);
        activity.Record(1, slide: 0, start: 0, end: Ticks(1), tiles: 64);
        activity.Record(0, slide: 1, start: Ticks(2), end: Ticks(3), tiles: 10);

        var devices = activity.Devices();
        Assert.Equal(["cuda:0", "cuda:1"], devices.Select(d => d.Device));
        Assert.Equal([2L, 1L], devices.Select(d => d.Batches));
        Assert.Equal([74L, 64L], devices.Select(d => d.Tiles));
        Assert.Equal(3, devices[0].BusySeconds, 6);
        Assert.Equal(1, devices[1].BusySeconds, 6);
        Assert.Equal(74 / 3.0, devices[0].BusyTilesPerSecond, 6);
        Assert.Equal(4, activity.BusySeconds, 6);
        Assert.Equal(3, activity.Batches);
    }

    [Fact]
    public void Since_EarlierSnapshot_GivesOnlyTheWorkAfterIt()
    {
        var activity = new EncoderActivity(["cpu"]);
        activity.Record(0, 0, 0, Ticks(1), 8);
        var before = activity.Devices()[0];
        activity.Record(0, 1, Ticks(1), Ticks(1.5), 5);

        var since = activity.Devices()[0].Since(before);

        Assert.Equal(("cpu", 1L, 5L), (since.Device, since.Batches, since.Tiles));
        Assert.Equal(0.5, since.BusySeconds, 6);
    }

    [Fact]
    public void IdleFractionAndTilesPerSecond_PerDevice_AreOfTheRunsWallTime()
    {
        var fast = new DeviceUse("cuda:0", BusySeconds: 9, Batches: 10, Tiles: 900);
        var slow = new DeviceUse("cuda:1", BusySeconds: 5, Batches: 5, Tiles: 300);
        var use = new EncoderUse(WallSeconds: 10, BusySeconds: 14, Encoders: 2, Batches: 15, [fast, slow]);

        Assert.Equal(90, use.TilesPerSecondOf(fast), 6);
        Assert.Equal(30, use.TilesPerSecondOf(slow), 6);
        Assert.Equal(0.1, use.IdleFractionOf(fast), 6);
        Assert.Equal(0.5, use.IdleFractionOf(slow), 6);
        Assert.Equal(0.3, use.IdleFraction, 6);
    }

    [Fact]
    public void WriteJson_EncoderUse_ListsEveryDevicesThroughput()
    {
        using var folder = new TempFolder();
        var report = new RunReport { StartedUtc = DateTimeOffset.UtcNow, Model = "m", Settings = new Dictionary<string, string?>() };
        report.Encoder = new EncoderUse(4, 6, 2, 7, [new DeviceUse("cuda:0", 4, 4, 256), new DeviceUse("cuda:1", 2, 3, 130)]);
        var path = Path.Combine(folder.Path, "run-report.json");

        report.WriteJson(path);

        var devices = JsonNode.Parse(File.ReadAllText(path))!["encoder"]!["devices"]!.AsArray();
        Assert.Equal(2, devices.Count);
        Assert.Equal("cuda:1", (string)devices[1]!["device"]!);
        Assert.Equal(130, (long)devices[1]!["tiles"]!);
        Assert.Equal(3, (long)devices[1]!["batches"]!);
        Assert.Equal(32.5, (double)devices[1]!["tiles_per_second"]!, 6);
        Assert.Equal(65, (double)devices[1]!["busy_tiles_per_second"]!, 6);
        Assert.Equal(0.5, (double)devices[1]!["idle_fraction"]!, 6);
        Assert.Equal(0, (double)devices[0]!["idle_fraction"]!, 6);
    }
}
