using SlideEmbed.Pipeline;

namespace SlideEmbed.Tests.Pipeline;

public sealed class EncoderGateTests
{
    [Fact]
    public async Task EnterAsync_SeveralWaiting_EarliestSlideGoesFirstThenArrivalOrder()
    {
        var gate = new EncoderGate();
        var ct = TestContext.Current.CancellationToken;
        var order = new List<string>();
        var holder = await gate.EnterAsync(5, ct);
        var waiters = new[] { ("late slide", 9L), ("early slide", 1L), ("early slide again", 1L), ("middle slide", 4L) }
            .Select(w => Take(gate, w.Item2, () => order.Add(w.Item1), ct))
            .ToList();

        holder.Dispose();
        await Task.WhenAll(waiters);

        Assert.Equal(["early slide", "early slide again", "middle slide", "late slide"], order);
    }

    [Fact]
    public async Task EnterAsync_WaiterCancelled_SkippedAndTheNextOneEnters()
    {
        var gate = new EncoderGate();
        var ct = TestContext.Current.CancellationToken;
        var holder = await gate.EnterAsync(0, ct);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(1, cancel.Token).AsTask();
        var next = gate.EnterAsync(2, ct).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        holder.Dispose();
        using var turn = await next.WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.False(cancelled.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task TurnDispose_Twice_PassesTheEncoderOnOnce()
    {
        var gate = new EncoderGate();
        var ct = TestContext.Current.CancellationToken;
        var first = await gate.EnterAsync(0, ct);
        var second = gate.EnterAsync(1, ct).AsTask();
        var third = gate.EnterAsync(2, ct).AsTask();

        first.Dispose();
        first.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(20), ct);

        Assert.False(third.IsCompleted);
        (await second).Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(20), ct)).Dispose();
    }

    // Records entry while holding the turn, so the order of entries is the order of turns.
    private static async Task Take(EncoderGate gate, long slide, Action entered, CancellationToken ct)
    {
        using var turn = await gate.EnterAsync(slide, ct);
        entered();
    }
}
