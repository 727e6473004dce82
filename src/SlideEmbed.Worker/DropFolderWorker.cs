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
/// <item>Processing: one <see cref="SlideAttempt"/> (the batch CLI's <see cref="Pipeline.SlideRun"/>) writes into a
/// private staging folder; the outputs are published only if the source did not change meanwhile, then the source moves
/// to <c>done/</c> (or gets a <c>.done</c> marker). Failures are retried with back-off up to the maximum
/// attempts, then the source moves to <c>failed/</c> beside a JSON file with the reasons; empty files and
/// files that are not slides go there at once. One item never blocks the others.</item>
/// <item>Shutdown: cancelling the token stops taking items; the current slide has the grace period to
/// finish, else it is abandoned (staging deleted, attempt not counted, claim released).</item>
/// </list>
/// One worker processes one slide at a time (the pipeline itself is parallel); run more workers for more.
/// The items and their timing live in a <see cref="DropQueue"/>, one attempt in a <see cref="SlideAttempt"/>;
/// the worker takes, claims and settles items.
/// </summary>
public sealed partial class DropFolderWorker
{
    private readonly WatchOptions _options;
    private readonly WorkerPipeline _pipeline;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly IWorkerObserver? _observer;
    private readonly WorkerIdentity _me = WorkerIdentity.ForThisProcess();
    private readonly Channel<bool> _scanSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<bool> _workSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private WorkerParts? _parts;

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

        _parts = Prepare(drop);
        using var watcher = StartWatcher(drop);
        using var grace = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        using var onStop = stoppingToken.Register(() =>
        {
            WorkerLog.Stopping(_logger, _options.GracePeriod.TotalSeconds);
            Parts.Status.SetState("stopping");
            grace.CancelAfter(_options.GracePeriod);
        });
        Parts.Status.SetState("idle");
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
            Parts.Status.SetState("stopped");
            WorkerLog.Stopped(_logger);
        }
    }

    /// <summary>The parts built by <see cref="RunAsync"/>.</summary>
    private WorkerParts Parts => _parts ?? throw new InvalidOperationException("The worker is not running.");

    private WorkerParts Prepare(string drop)
    {
        var outDir = OutputDirectory;
        Directory.CreateDirectory(outDir);
        if (_options.Finished == FinishedSourceAction.Move)
        {
            Directory.CreateDirectory(_options.DonePath);
            Directory.CreateDirectory(_options.FailedPath);
        }

        var staging = StagingArea.RemoveStale(outDir);
        var partials = PartialFiles.RemoveStale(outDir) + PartialFiles.RemoveStale(_options.FailedPath) + PartialFiles.RemoveStale(drop)
            + PartialFiles.RemoveStale(Path.GetDirectoryName(_options.StatusPath)!);
        if (staging + partials > 0)
        {
            WorkerLog.StaleRemoved(_logger, staging, partials);
        }

        var scanner = new DropFolderScanner(drop, _options.Finished);
        var claims = new ClaimStore(_options.ClaimsPath, _me);
        if (!claims.LockingWorks())
        {
            WorkerLog.LockingIneffective(_logger, _options.ClaimsPath);
        }

        var status = new WorkerStatus(_options.StatusPath, _clock, _me, _logger, new JsonObject
        {
            ["drop"] = drop,
            ["out"] = outDir,
            ["model"] = _pipeline.ModelName,
            ["quiet_period_s"] = _options.QuietPeriod.TotalSeconds,
            ["max_attempts"] = _options.MaxAttempts,
            ["finished"] = _options.Finished.ToString().ToLowerInvariant(),
        });
        WorkerLog.Started(_logger, drop, outDir, _pipeline.ModelName, _options.QuietPeriod.TotalSeconds, _options.Finished.ToString().ToLowerInvariant());
        // Sources move to done/, so a later slide may arrive under the same name: only the same content owns an id's outputs.
        var attempt = new SlideAttempt(_pipeline, scanner, outDir, samePathIsSameSlide: _options.Finished == FinishedSourceAction.Marker);
        return new WorkerParts(outDir, scanner, new DropQueue(_clock, _options.QuietPeriod), claims, status, attempt);
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
