using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace SlideEmbed.Worker;

/// <summary>
/// The worker's status file: state, queue depth, the slide being processed and its tiles, counts and the
/// last error, rewritten atomically (readers never see half a file) on every change, tile progress at
/// most once a second. Thread-safe.
/// </summary>
internal sealed class WorkerStatus
{
    private static readonly TimeSpan s_tileInterval = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly string _path;
    private readonly TimeProvider _clock;
    private readonly WorkerIdentity _me;
    private readonly ILogger _logger;
    private readonly JsonObject _settings;
    private readonly DateTimeOffset _started;
    private readonly Dictionary<WorkerOutcome, int> _counts = [];
    private string _state = "starting";
    private int _queueDepth;
    private int _ready;
    private JsonObject? _current;
    private JsonObject? _lastError;
    private DateTimeOffset _lastTilesWrite;
    private bool _writeFailed;

    /// <summary>Creates the status.</summary>
    /// <param name="path">The status file.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="me">This worker.</param>
    /// <param name="logger">Where write failures are reported.</param>
    /// <param name="settings">Drop folder, output folder, model and the like, repeated in every write.</param>
    public WorkerStatus(string path, TimeProvider clock, WorkerIdentity me, ILogger logger, JsonObject settings)
    {
        _path = path;
        _clock = clock;
        _me = me;
        _logger = logger;
        _settings = settings;
        _started = clock.GetUtcNow();
    }

    /// <summary>Sets the state (<c>idle</c>, <c>processing</c>, <c>stopping</c>, <c>stopped</c>) and writes; <c>stopped</c> is final.</summary>
    /// <param name="state">The state.</param>
    public void SetState(string state)
    {
        lock (_gate)
        {
            if (_state == "stopped")
            {
                // The stop callback can run after the loops have already ended.
                return;
            }

            _state = state;
            WriteLocked();
        }
    }

    /// <summary>Sets the queue: items in the drop folder not yet finished, and how many of them are ready now.</summary>
    /// <param name="depth">Items waiting (being written, in their quiet period, ready or waiting to retry).</param>
    /// <param name="ready">Items that could be taken now.</param>
    public void SetQueue(int depth, int ready)
    {
        lock (_gate)
        {
            if (depth == _queueDepth && ready == _ready)
            {
                return;
            }

            _queueDepth = depth;
            _ready = ready;
            WriteLocked();
        }
    }

    /// <summary>A slide is being processed.</summary>
    /// <param name="name">Item name.</param>
    /// <param name="attempt">Attempt number.</param>
    public void Begin(string name, int attempt)
    {
        lock (_gate)
        {
            _state = "processing";
            _current = new JsonObject
            {
                ["slide"] = name,
                ["attempt"] = attempt,
                ["started_utc"] = WorkerJson.Time(_clock.GetUtcNow()),
                ["tiles_done"] = 0,
                ["tiles_total"] = null,
            };
            WriteLocked();
        }
    }

    /// <summary>Tile progress of the current slide (written at most once a second).</summary>
    /// <param name="done">Tiles done.</param>
    /// <param name="total">Tiles in the slide.</param>
    public void Tiles(int done, int total)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            _current["tiles_done"] = done;
            _current["tiles_total"] = total;
            var now = _clock.GetUtcNow();
            if (now - _lastTilesWrite >= s_tileInterval || done == total)
            {
                _lastTilesWrite = now;
                WriteLocked();
            }
        }
    }

    /// <summary>The current claim ended.</summary>
    /// <param name="outcome">How.</param>
    /// <param name="name">Item name.</param>
    /// <param name="errorKind">Error kind when it failed or will be retried.</param>
    /// <param name="error">Error message when it failed or will be retried.</param>
    public void End(WorkerOutcome outcome, string name, string? errorKind, string? error)
    {
        lock (_gate)
        {
            _current = null;
            if (_state == "processing")
            {
                _state = "idle";
            }

            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
            if (error is not null)
            {
                _lastError = new JsonObject
                {
                    ["slide"] = name,
                    ["time_utc"] = WorkerJson.Time(_clock.GetUtcNow()),
                    ["kind"] = errorKind,
                    ["message"] = error,
                };
            }

            WriteLocked();
        }
    }

    /// <summary>Records an error that is not about one attempt (e.g. the drop folder cannot be listed).</summary>
    /// <param name="slide">The item concerned, or null.</param>
    /// <param name="kind">Short kind.</param>
    /// <param name="message">The message.</param>
    public void Error(string? slide, string kind, string message)
    {
        lock (_gate)
        {
            _lastError = new JsonObject
            {
                ["slide"] = slide,
                ["time_utc"] = WorkerJson.Time(_clock.GetUtcNow()),
                ["kind"] = kind,
                ["message"] = message,
            };
            WriteLocked();
        }
    }

    private void WriteLocked()
    {
        var counts = new JsonObject();
        foreach (var outcome in Enum.GetValues<WorkerOutcome>())
        {
            counts[Snake(outcome.ToString())] = _counts.GetValueOrDefault(outcome);
        }

        var doc = new JsonObject
        {
            ["host"] = _me.Host,
            ["pid"] = _me.Pid,
            ["instance"] = _me.Instance,
            ["started_utc"] = WorkerJson.Time(_started),
            ["updated_utc"] = WorkerJson.Time(_clock.GetUtcNow()),
            ["state"] = _state,
            ["queue_depth"] = _queueDepth,
            ["ready"] = _ready,
            ["current"] = _current?.DeepClone(),
            ["counts"] = counts,
            ["last_error"] = _lastError?.DeepClone(),
            ["settings"] = _settings.DeepClone(),
        };
        try
        {
            WorkerJson.WriteAtomic(_path, doc);
            _writeFailed = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_writeFailed)
            {
                WorkerLog.StatusWriteFailed(_logger, _path, e.Message);
            }

            _writeFailed = true;
        }
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
