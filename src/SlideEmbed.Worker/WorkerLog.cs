using Microsoft.Extensions.Logging;

namespace SlideEmbed.Worker;

/// <summary>The worker's log events (structured: every placeholder is a named property in JSON logs).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Watching {Drop} for slides; outputs to {Output}; model {Model}; quiet period {QuietSeconds} s; finished sources: {Finished}")]
    public static partial void Started(ILogger logger, string drop, string output, string model, double quietSeconds, string finished);

    [LoggerMessage(2, LogLevel.Information, "Claimed {Slide} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void SlideClaimed(ILogger logger, string slide, int attempt, int maxAttempts);

    [LoggerMessage(3, LogLevel.Information, "Done {Slide}: {Tiles} tiles in {Seconds:0.0} s, outputs {Outputs}, source {Source}")]
    public static partial void SlideDone(ILogger logger, string slide, int tiles, double seconds, string outputs, string source);

    [LoggerMessage(4, LogLevel.Information, "Up to date {Slide}: complete, current outputs exist; source {Source}")]
    public static partial void SlideUpToDate(ILogger logger, string slide, string source);

    [LoggerMessage(5, LogLevel.Warning, "Attempt {Attempt} of {MaxAttempts} at {Slide} failed [{Kind}] {Error}; next attempt in {DelaySeconds:0.#} s")]
    public static partial void SlideRetrying(ILogger logger, string slide, int attempt, int maxAttempts, string kind, string error, double delaySeconds);

    [LoggerMessage(6, LogLevel.Error, "Gave up on {Slide} [{Kind}] {Reason}; {Destination}")]
    public static partial void SlideFailed(ILogger logger, string slide, string kind, string reason, string destination);

    [LoggerMessage(7, LogLevel.Warning, "{Slide} changed while it was processed; outputs discarded, the new version waits for its quiet period")]
    public static partial void SlideChanged(ILogger logger, string slide);

    [LoggerMessage(8, LogLevel.Warning, "{Slide} disappeared while it was processed; outputs discarded")]
    public static partial void SlideGone(ILogger logger, string slide);

    [LoggerMessage(9, LogLevel.Warning, "Abandoned {Slide} at shutdown (grace period {GraceSeconds} s over); no output written, it will be redone")]
    public static partial void SlideAbandoned(ILogger logger, string slide, double graceSeconds);

    [LoggerMessage(10, LogLevel.Warning, "Recovered the claim on {Slide}: {Host} pid {Pid} stopped while {State}")]
    public static partial void ClaimRecovered(ILogger logger, string slide, string host, int pid, string state);

    [LoggerMessage(11, LogLevel.Debug, "{Slide} is busy: {Reason}")]
    public static partial void ClaimBusy(ILogger logger, string slide, string reason);

    [LoggerMessage(12, LogLevel.Warning, "No file system watcher on {Drop} ({Error}); relying on rescans every {RescanSeconds} s")]
    public static partial void WatcherUnavailable(ILogger logger, string drop, string error, double rescanSeconds);

    [LoggerMessage(13, LogLevel.Warning, "File system watcher error ({Error}); rescanning")]
    public static partial void WatcherError(ILogger logger, string error);

    [LoggerMessage(14, LogLevel.Warning, "Exclusive file locks do not work in {Folder}: claims rely on host and process ids, so run at most one worker per host on this drop folder")]
    public static partial void LockingIneffective(ILogger logger, string folder);

    [LoggerMessage(15, LogLevel.Information, "Removed {Count} leftover staging folder(s) and {Partials} partial file(s) of stopped workers")]
    public static partial void StaleRemoved(ILogger logger, int count, int partials);

    [LoggerMessage(16, LogLevel.Warning, "Cannot write the status file {Path}: {Error}")]
    public static partial void StatusWriteFailed(ILogger logger, string path, string error);

    [LoggerMessage(17, LogLevel.Error, "Unexpected error handling {Slide}; it will be looked at again")]
    public static partial void Unexpected(ILogger logger, Exception exception, string slide);

    [LoggerMessage(18, LogLevel.Information, "Stopping: no new slides; the current one has {GraceSeconds} s to finish")]
    public static partial void Stopping(ILogger logger, double graceSeconds);

    [LoggerMessage(19, LogLevel.Error, "Cannot list the drop folder {Drop}: {Error}")]
    public static partial void ScanFailed(ILogger logger, string drop, string error);

    [LoggerMessage(20, LogLevel.Information, "Stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(21, LogLevel.Error, "{Slide} was replaced just as it was being moved to {Destination}; the new file was put back for processing")]
    public static partial void ReplacedWhileFinishing(ILogger logger, string slide, string destination);

    [LoggerMessage(22, LogLevel.Warning, "Warning for {Slide}: {Warning}")]
    public static partial void SlideWarning(ILogger logger, string slide, string warning);
}
