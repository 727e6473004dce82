namespace SlideEmbed.Worker.Tests;

public sealed class DropQueueTests
{
    private static readonly TimeSpan s_quiet = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public void Pick_BeforeQuietPeriod_NothingAndWakesWhenFirstIsDue()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs")]);
        _clock.Advance(TimeSpan.FromSeconds(10));
        queue.Update([Item("a.svs"), Item("b.svs")]);

        Assert.Equal((null, DateTimeOffset.UnixEpoch + s_quiet), queue.Pick());
        Assert.Equal((2, 0), queue.Counts());
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal((2, 1), queue.Counts());
        Assert.Equal("a.svs", queue.Pick().Next);
    }

    [Fact]
    public void Pick_SeveralDue_TheOneStableLongestFirst()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("b.svs")]);
        _clock.Advance(TimeSpan.FromSeconds(5));
        queue.Update([Item("a.svs"), Item("b.svs")]);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("b.svs", queue.Pick().Next);
        queue.Forget("b.svs");
        Assert.Equal("a.svs", queue.Pick().Next);
    }

    [Fact]
    public void Defer_DueItem_SkippedUntilTheDelayThenPickedAgain()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs")]);
        _clock.Advance(s_quiet);
        queue.Defer("a.svs", TimeSpan.FromSeconds(60));

        Assert.Equal((null, _clock.GetUtcNow() + TimeSpan.FromSeconds(60)), queue.Pick());
        Assert.Equal((1, 0), queue.Counts());
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal("a.svs", queue.Pick().Next);
    }

    [Fact]
    public void Update_ItemGoneAndBack_DeferralAndQuietPeriodStartAfresh()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs")]);
        _clock.Advance(s_quiet);
        queue.Defer("a.svs", TimeSpan.FromHours(1));
        queue.Update([]);
        queue.Update([Item("a.svs")]);

        Assert.Equal((null, _clock.GetUtcNow() + s_quiet), queue.Pick());
        _clock.Advance(s_quiet);
        Assert.Equal("a.svs", queue.Pick().Next);
    }

    [Fact]
    public void IsStable_ChangedSinceTheScan_WaitsAWholeQuietPeriodAgain()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs", 100)]);
        _clock.Advance(s_quiet);

        Assert.True(queue.IsStable(Item("a.svs", 100)));
        Assert.False(queue.IsStable(Item("a.svs", 200)));
        Assert.Equal((null, _clock.GetUtcNow() + s_quiet), queue.Pick());
    }

    [Fact]
    public void Restart_AfterAChangeDuringAnAttempt_NotDueUntilSeenForAQuietPeriod()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs")]);
        _clock.Advance(s_quiet);
        queue.Restart("a.svs");

        Assert.Equal((null, null), queue.Pick());
        queue.Update([Item("a.svs")]);
        Assert.Null(queue.Pick().Next);
        _clock.Advance(s_quiet);
        Assert.Equal("a.svs", queue.Pick().Next);
    }

    [Fact]
    public void Remove_GoneItem_NotPickedAndNotCounted()
    {
        var queue = new DropQueue(_clock, s_quiet);
        queue.Update([Item("a.svs"), Item("b.svs")]);
        _clock.Advance(s_quiet);
        queue.Remove("a.svs");

        Assert.Equal((1, 1), queue.Counts());
        Assert.Equal("b.svs", queue.Pick().Next);
    }

    private static DropItem Item(string name, long size = 100) =>
        new(name, "/d/" + name, null, new DropSnapshot([new DropEntry(name, size, 1)]));
}
