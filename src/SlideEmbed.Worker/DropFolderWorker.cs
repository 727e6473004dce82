using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using SlideEmbed.Output;

namespace SlideEmbed.Worker;

/// <summary>
/// Watches a drop folder and embeds each slide once it is completely written, unattended and crash-safe:
/// <list type="bullet">
/// <item>Discovery: a file system watcher plus a periodic rescan (watchers miss events). An item is taken
/// only after its sizes and modification times (every file of a MIRAX slide) have stayed the same for
/// the quiet period by the worker's clock, and then only if it opens.</item>
/// <item>Claims: an exclusively locked claim file per item (see <see cref="ClaimStore"/>), so any number of
/// workers, in one process or many, on one host or several, can share a folder and no item is processed
/// twice at once; a dead worker's claim is free at once and its record says what it was doing.</item>
/// <item>Processing: the batch CLI's <see cref="Pipeline.BatchRunner"/> writes into a private staging
/// folder; the outputs are published only if the source did not change meanwhile, then the source moves
/// to <c>done/</c> (or gets a <c>.done</c> marker). Failures are retried with back-off up to the maximum
/// attempts, then the source moves to <c>failed/</c> beside a JSON file with the reasons; empty files and
/// files that are not slides go there at once. One item never blocks the others.</item>
/// <item>Shutdown: cancelling the token stops taking items; the current slide has the grace period to
/// finish, else it is abandoned (staging deleted, attempt not counted, claim released).</item>
/// </list>
/// One worker processes one slide at a time (the pipeline itself is parallel); run more workers for more.
/// </summary>
public sealed partial class DropFolderWorker
{
    private readonly WatchOptions _options;
    private readonly WorkerPipeline _pipeline;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly IWorkerObserver? _observer;
    private readonly WorkerIdentity _me = WorkerIdentity.ForThisProcess();
    private readonly object _gate = new();
    private readonly Channel<bool> _scanSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _workSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private Dictionary<string, DropItem> _items = new(StringComparer.Ordinal);
    private DropFolderScanner _scanner = null!;
    private StabilityTracker _tracker = null!;
    private ClaimStore _claims = null!;
    private WorkerStatus _status = null!;
    private string _outDir = string.Empty;

    /// <summary>Creates a worker; nothing happens until <see cref="RunAsync"/>.</summary>
    /// <param name="options">Watch settings (validated by <see cref="RunAsync"/>).</param>
    /// <param name="pipeline">The embedding pipeline; the caller keeps ownership.</param>
    /// <param name="logger">Structured log.</param>
    /// <param name="clock">The clock for quiet periods, back-off and grace; null for the system clock.</param>
    /// <param name="observer">Per-slide events, or null.</param>
    public DropFolderWorker(WatchOptions options, WorkerPipeline pipeline, ILogger logger, TimeProvider? clock = null, IWorkerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _pipeline = pipeline;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _observer = observer;
    }

    /// <summary>The model's output folder, <c>&lt;out&gt;/&lt;model&gt;</c>.</summary>
    public string OutputDirectory => Path.Combine(Path.GetFullPath(_options.OutputFolder ?? "."), _pipeline.ModelName);

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled and the current slide is finished or abandoned.</summary>
    /// <param name="stoppingToken">Stops the worker (SIGTERM, Ctrl-C, host shutdown).</param>
    /// <returns>A task that completes when the worker has stopped; it does not throw on a normal stop.</returns>
    /// <exception cref="FormatException">A setting is invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The drop folder does not exist.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _options.Validate();
        var drop = _options.DropPath;
        if (!Directory.Exists(drop))
        {
            throw new DirectoryNotFoundException($"The drop folder '{drop}' does not exist.");
        }

        Prepare(drop);
        using var watcher = StartWatcher(drop);
        using var grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        using var onStop = stoppingToken.Register(() =>
        {
            WorkerLog.Stopping(_logger, _options.GracePeriod.TotalSeconds);
            _status.SetState("stopping");
            grace.CancelAfter(_options.GracePeriod);
        });
        _status.SetState("idle");
        var scanning = ScanLoopAsync(stoppingToken);
        var processing = ProcessLoopAsync(stoppingToken, grace.Token);
        try
        {
            await Task.WhenAll(scanning, processing).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // A normal stop.
        }
        finally
        {
            _status.SetState("stopped");
            WorkerLog.Stopped(_logger);
        }
    }

    private void Prepare(string drop)
    {
        _outDir = OutputDirectory;
        Directory.CreateDirectory(_outDir);
        if (_options.Finished == FinishedSourceAction.Move)
        {
            Directory.CreateDirectory(_options.DonePath);
            Directory.CreateDirectory(_options.FailedPath);
        }

        var staging = StagingArea.RemoveStale(_outDir);
        var partials = PartialFiles.RemoveStale(_outDir) + PartialFiles.RemoveStale(_options.FailedPath) + PartialFiles.RemoveStale(drop)
            + PartialFiles.RemoveStale(Path.GetDirectoryName(_options.StatusPath)!);
        if (staging + partials > 0)
        {
            WorkerLog.StaleRemoved(_logger, staging, partials);
        }

        _scanner = new DropFolderScanner(drop, _options.Finished);
        _tracker = new StabilityTracker(_clock, _options.QuietPeriod);
        _claims = new ClaimStore(_options.ClaimsPath, _me);
        if (!_claims.LockingWorks())
        {
            WorkerLog.LockingIneffective(_logger, _options.ClaimsPath);
        }

        _status = new WorkerStatus(_options.StatusPath, _clock, _me, _logger, new JsonObject
        {
            ["drop"] = drop,
            ["out"] = _outDir,
            ["model"] = _pipeline.ModelName,
            ["quiet_period_s"] = _options.QuietPeriod.TotalSeconds,
            ["max_attempts"] = _options.MaxAttempts,
            ["finished"] = _options.Finished.ToString().ToLowerInvariant(),
        });
        WorkerLog.Started(_logger, drop, _outDir, _pipeline.ModelName, _options.QuietPeriod.TotalSeconds, _options.Finished.ToString().ToLowerInvariant());
    }

    private FileSystemWatcher? StartWatcher(string drop)
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(drop)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, _) => _scanSignal.Writer.TryWrite(true);
            watcher.Changed += (_, _) => _scanSignal.Writer.TryWrite(true);
            watcher.Renamed += (_, _) => _scanSignal.Writer.TryWrite(true);
            watcher.Deleted += (_, _) => _scanSignal.Writer.TryWrite(true);
            watcher.Error += (_, e) =>
            {
                WorkerLog.WatcherError(_logger, e.GetException().Message);
                _scanSignal.Writer.TryWrite(true);
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            watcher?.Dispose();
            WorkerLog.WatcherUnavailable(_logger, drop, e.Message, _options.RescanInterval.TotalSeconds);
            return null;
        }
    }

    /// <summary>Waits for a signal, a timeout or cancellation, then drains the signal.</summary>
    private async Task WaitAsync(Channel<bool> signal, TimeSpan timeout, CancellationToken ct)
    {
        if (signal.Reader.TryRead(out _))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, _clock, linked.Token);
        var read = signal.Reader.WaitToReadAsync(linked.Token).AsTask();
        await Task.WhenAny(delay, read).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        signal.Reader.TryRead(out _);
        ct.ThrowIfCancellationRequested();
    }
}
