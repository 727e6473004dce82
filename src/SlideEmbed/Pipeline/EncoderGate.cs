namespace SlideEmbed.Pipeline;

/// <summary>
/// Turns at one encoder (which is not thread-safe) for the slides that share it: one holder at a time;
/// when the holder lets go, the waiting slide that started earliest gets the encoder. A slide keeps its
/// turn while it has batches ready and no earlier slide waits, and gives it up as soon as it has none, so a
/// slow slide never keeps the encoder from a slide that is ready. Thread-safe.
/// </summary>
public sealed class EncoderGate
{
    private readonly object _lock = new();
    private readonly PriorityQueue<TaskCompletionSource, (long Slide, long Arrival)> _waiting = new();
    private long _arrivals;
    private bool _held;

    /// <summary>Waits for the encoder.</summary>
    /// <param name="slide">The slide's start order (lower goes first among waiting slides).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The turn; dispose it to let the next slide in.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before the turn came.</exception>
    public async ValueTask<Turn> EnterAsync(long slide, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (slide, _arrivals++));
        }

        // A cancelled waiter stays queued; Exit skips it because it can no longer be completed.
        using (cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken)))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Turn(this);
    }

    /// <summary>Whether a slide earlier than <paramref name="slide"/> waits for the encoder (the holder should then let go).</summary>
    /// <param name="slide">The holder's start order.</param>
    /// <returns>True when an earlier slide waits.</returns>
    public bool EarlierWaiting(long slide)
    {
        lock (_lock)
        {
            return _waiting.TryPeek(out _, out var first) && first.Slide < slide;
        }
    }

    private void Exit()
    {
        lock (_lock)
        {
            while (_waiting.TryDequeue(out var next, out _))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _held = false;
        }
    }

    /// <summary>A held turn at the encoder; disposing it passes the encoder on (once).</summary>
    public sealed class Turn : IDisposable
    {
        private EncoderGate? _gate;

        internal Turn(EncoderGate gate) => _gate = gate;

        /// <summary>Lets the next waiting slide in.</summary>
        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Exit();
    }
}
