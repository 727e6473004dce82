using System.Diagnostics;
using SlideEmbed.Pipeline;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Pipeline;

public sealed class HostCoreSlotsTests
{
    [Fact]
    public async Task AcquireAsync_AllSlotsHeld_WaitsUntilOneIsFreed()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var slots = new HostCoreSlots(dir, "0-1", 2) { PollInterval = TimeSpan.FromMilliseconds(10) };
        var first = await slots.AcquireAsync(ct);
        using var second = await slots.AcquireAsync(ct);

        var third = slots.AcquireAsync(ct).AsTask();
        await Task.Delay(200, ct);
        Assert.False(third.IsCompleted, "a third session must wait while both slots are held");

        first.Dispose();
        using var got = await third.WaitAsync(TimeSpan.FromSeconds(20), ct);
        Assert.True(slots.WaitedSeconds > 0.1);
    }

    [Fact]
    public async Task AcquireAsync_OtherCores_DoNotWaitForEachOther()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        using var held = await new HostCoreSlots(dir, "0", 1).AcquireAsync(ct);

        using var other = await new HostCoreSlots(dir, "1", 1).AcquireAsync(ct).AsTask().WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.Equal(["slideembed-cores-0-0.lock", "slideembed-cores-1-0.lock"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task AcquireAsync_SlotLockedByAnotherProcess_WaitsAndGetsItWhenThatProcessIsKilled()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(dir, "slideembed-cores-0-1-0.lock");
        // util-linux flock(1) holds an exclusive flock(2) on the file, as another SlideEmbed process would.
        using var holder = Process.Start(new ProcessStartInfo("flock", [path, "sleep", "600"]) { RedirectStandardError = true })!;
        for (var i = 0; i < 200 && !File.Exists(path); i++)
        {
            await Task.Delay(20, ct);
        }

        await Task.Delay(200, ct);
        var slots = new HostCoreSlots(dir, "0-1", 1) { PollInterval = TimeSpan.FromMilliseconds(10) };
        var waiting = slots.AcquireAsync(ct).AsTask();
        await Task.Delay(300, ct);
        Assert.False(waiting.IsCompleted, "the slot is held by the other process");

        holder.Kill(entireProcessTree: true);
        using var got = await waiting.WaitAsync(TimeSpan.FromSeconds(20), ct);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_Throws()
    {
        using var dir = new TempFolder();
        var slots = new HostCoreSlots(dir, "0", 1) { PollInterval = TimeSpan.FromMilliseconds(10) };
        using var held = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slots.AcquireAsync(cancel.Token).AsTask());
    }

    [Fact]
    public async Task AcquireAsync_LongWait_SaidOnceNamingTheCores()
    {
        using var dir = new TempFolder();
        var ct = TestContext.Current.CancellationToken;
        var log = new List<string>();
        var slots = new HostCoreSlots(dir, "2-3", 1, log.Add) { PollInterval = TimeSpan.FromMilliseconds(10), SayWaitingAfter = TimeSpan.FromMilliseconds(50) };
        var held = await slots.AcquireAsync(ct);
        var waiting = slots.AcquireAsync(ct).AsTask();
        await Task.Delay(300, ct);
        held.Dispose();
        (await waiting).Dispose();
        using var again = await slots.AcquireAsync(ct);

        var line = Assert.Single(log);
        Assert.Contains("cores 2-3", line, StringComparison.Ordinal);
        Assert.Contains("--share-cores off", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_FolderUnusable_RunsWithoutTurnsAndSaysSoOnce()
    {
        using var dir = new TempFolder();
        var log = new List<string>();
        var slots = new HostCoreSlots(Path.Combine(dir, "missing", "folder"), "0", 1, log.Add);

        using var a = await slots.AcquireAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        using var b = await slots.AcquireAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Contains("without turns", Assert.Single(log), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void ForThisProcess_SlotsAreCoresOverThreadsAndTheCoresAreTheAffinityList(int threads)
    {
        var slots = HostCoreSlots.ForThisProcess(threads);

        Assert.Equal(threads == 0 ? 1 : Math.Max(1, Environment.ProcessorCount / threads), slots.Slots);
        var allowed = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();
        Assert.Equal(allowed, slots.Cores);
    }
}
