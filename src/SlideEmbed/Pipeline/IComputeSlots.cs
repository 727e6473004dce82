namespace SlideEmbed.Pipeline;

/// <summary>
/// Turns at compute shared beyond one pipeline (a host's cores, shared by several processes): an encoder
/// holds a slot while it runs one batch.
/// </summary>
public interface IComputeSlots
{
    /// <summary>Waits for a free slot.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The slot; dispose it to free it.</returns>
    /// <exception cref="OperationCanceledException">Cancelled before a slot was free.</exception>
    ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken);
}
