namespace SlideEmbed.Worker.Tests;

public sealed class StabilityTrackerTests
{
    private static readonly TimeSpan s_quiet = TimeSpan.FromSeconds(30);

    [Fact]
    public void IsStable_UnchangedForQuietPeriod_True()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tracker = new StabilityTracker(clock, s_quiet);
        var item = Item("a.svs", 100, 1);

        Assert.False(tracker.IsStable(item));
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(tracker.IsStable(item));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(tracker.IsStable(item));
    }

    [Fact]
    public void IsStable_SizeOrTimeChanges_QuietPeriodStartsAgain()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tracker = new StabilityTracker(clock, s_quiet);
        tracker.Observe(Item("a.svs", 100, 1));
        clock.Advance(TimeSpan.FromSeconds(25));

        Assert.False(tracker.IsStable(Item("a.svs", 200, 1)));
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.False(tracker.IsStable(Item("a.svs", 200, 2)));
        Assert.Equal(clock.GetUtcNow() + s_quiet, tracker.ReadyAt("a.svs"));
        clock.Advance(s_quiet);
        Assert.True(tracker.IsStable(Item("a.svs", 200, 2)));
    }

    [Fact]
    public void IsStable_MiraxDataFileChanges_QuietPeriodStartsAgain()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tracker = new StabilityTracker(clock, s_quiet);
        var before = new DropItem("m.mrxs", "/d/m.mrxs", "/d/m", new DropSnapshot([new("m.mrxs", 10, 1), new("m/Data0001.dat", 500, 1)]));
        var after = new DropItem("m.mrxs", "/d/m.mrxs", "/d/m", new DropSnapshot([new("m.mrxs", 10, 1), new("m/Data0001.dat", 500, 1), new("m/Data0002.dat", 1, 2)]));
        tracker.Observe(before);
        clock.Advance(s_quiet);

        Assert.False(tracker.IsStable(after));
        clock.Advance(s_quiet);
        Assert.True(tracker.IsStable(after));
    }

    [Fact]
    public void ObserveAll_ItemGoneAndBack_ForgottenAndTimedAfresh()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var tracker = new StabilityTracker(clock, s_quiet);
        tracker.ObserveAll([Item("a.svs", 1, 1)]);
        clock.Advance(s_quiet);
        tracker.ObserveAll([]);

        Assert.Null(tracker.ReadyAt("a.svs"));
        Assert.False(tracker.IsStable(Item("a.svs", 1, 1)));
    }

    private static DropItem Item(string name, long size, long ticks) =>
        new(name, "/d/" + name, null, new DropSnapshot([new DropEntry(name, size, ticks)]));
}
