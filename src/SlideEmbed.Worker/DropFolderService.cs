using Microsoft.Extensions.Hosting;

namespace SlideEmbed.Worker;

/// <summary>
/// Hosts a <see cref="DropFolderWorker"/> as a background service: it starts with the host and stops on
/// SIGTERM, Ctrl-C or a systemd stop, within the host's shutdown timeout (set above the grace period by
/// <see cref="WorkerHost"/>).
/// </summary>
public sealed class DropFolderService : BackgroundService
{
    private readonly DropFolderWorker _worker;

    /// <summary>Creates the service.</summary>
    /// <param name="worker">The worker to run.</param>
    public DropFolderService(DropFolderWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        _worker = worker;
    }

    /// <summary>The error that stopped the worker, or null while it runs or after a normal stop.</summary>
    public Exception? Fault { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and tell systemd it is ready) before the first scan.
        await Task.Yield();
        try
        {
            await _worker.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fault = e;
            throw;
        }
    }
}
