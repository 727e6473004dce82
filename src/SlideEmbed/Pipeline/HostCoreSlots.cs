using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SlideEmbed.Pipeline;

/// <summary>
/// The CPU cores of one host as encoder slots that every SlideEmbed process on them shares: a slot is an
/// exclusive lock on a small file (<c>slideembed-cores-&lt;cores&gt;-&lt;i&gt;.lock</c> in <c>/dev/shm</c>, else the
/// temp folder), held while one batch is encoded. With at most <c>cores / threads</c> sessions computing at
/// once, four array tasks started on a two-core node take turns at the cores instead of time-slicing them
/// (which costs every switch the caches of a model-sized working set). The kernel drops a dead process's
/// locks, so a killed task never holds a slot.
/// </summary>
/// <remarks>
/// Processes share slots when they see the same cores (the same affinity list: Slurm tasks confined to
/// their own cores, or containers, never wait for each other). Waiting polls every
/// <see cref="PollInterval"/>; a slot is taken for one batch (seconds on a CPU), so the poll costs nothing
/// measurable. Thread-safe.
/// </remarks>
public sealed class HostCoreSlots : IComputeSlots
{
    private readonly string[] _paths;
    private readonly int _firstSlot;
    private readonly Action<string>? _log;
    private long _waitedTicks;
    private int _saidWaiting;
    private int _saidUnusable;

    /// <summary>Creates the slots.</summary>
    /// <param name="directory">Folder of the lock files (host-local: <c>/dev/shm</c> or the temp folder).</param>
    /// <param name="cores">The cores the slots stand for, as a list (<c>0-1</c>); names the lock files.</param>
    /// <param name="slots">How many sessions may compute at once, &gt;= 1.</param>
    /// <param name="log">Receives one line when this process first waits long for a slot, and one if the lock files cannot be used.</param>
    public HostCoreSlots(string directory, string cores, int slots, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(cores);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Cores = cores;
        Slots = slots;
        _log = log;
        var key = cores.All(c => char.IsAsciiDigit(c) || c is '-' or ',') && cores.Length <= 48
            ? cores.Replace(',', '_')
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cores)))[..16];
        _paths = [.. Enumerable.Range(0, slots).Select(i => Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"slideembed-cores-{key}-{i}.lock")))];
        _firstSlot = Environment.ProcessId % slots;
    }

    /// <summary>How many sessions may compute at once.</summary>
    public int Slots { get; }

    /// <summary>The cores the slots stand for (<c>0-1</c>).</summary>
    public string Cores { get; }

    /// <summary>How often a waiting encoder tries the slots again (default 50 ms).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a wait lasts before the log hears of it (once per process; default 5 s).</summary>
    public TimeSpan SayWaitingAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Seconds this process's encoders have waited for a slot so far.</summary>
    public double WaitedSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitedTicks)).TotalSeconds;

    /// <summary>
    /// Slots for this process: the cores it may run on (its affinity list, which Slurm and containers set)
    /// divided by the threads of one session.
    /// </summary>
    /// <param name="threadsPerSession">Intra-op threads of one CPU session; 0 = all cores (one slot).</param>
    /// <param name="log">As for the constructor.</param>
    /// <returns>The slots.</returns>
    public static HostCoreSlots ForThisProcess(int threadsPerSession, Action<string>? log = null)
    {
        var cores = Environment.ProcessorCount;
        var slots = threadsPerSession <= 0 ? 1 : Math.Max(1, cores / threadsPerSession);
        var directory = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        return new HostCoreSlots(directory, AllowedCores() ?? string.Create(CultureInfo.InvariantCulture, $"n{cores}"), slots, log);
    }

    /// <inheritdoc />
    public async ValueTask<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        var started = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < Slots; i++)
            {
                var slot = TryLock(_paths[(_firstSlot + i) % Slots], out var unusable);
                if (slot is not null || unusable)
                {
                    if (started != 0)
                    {
                        Interlocked.Add(ref _waitedTicks, Stopwatch.GetTimestamp() - started);
                    }

                    return (IDisposable?)slot ?? NoSlot.Instance;
                }
            }

            if (started == 0)
            {
                started = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(started) >= SayWaitingAfter && Interlocked.Exchange(ref _saidWaiting, 1) == 0)
            {
                _log?.Invoke($"waiting for the CPU: other SlideEmbed processes are encoding on cores {Cores} ({Slots} at a time); this one takes its turn (--share-cores off runs regardless).");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Locks one slot file; null when another process holds it. A file that cannot be used at all gives no slot and <paramref name="unusable"/>.</summary>
    private FileStream? TryLock(string path, out bool unusable)
    {
        unusable = false;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.None, BufferSize = 0 };
            if (!OperatingSystem.IsWindows())
            {
                // Readable and writable by all, so processes of other users on the host share the same slots.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
            }

            return new FileStream(path, options);
        }
        catch (IOException e) when (IsHeld(e))
        {
            // The exclusive lock belongs to another open of the file.
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or NotSupportedException)
        {
            unusable = true;
            if (Interlocked.Exchange(ref _saidUnusable, 1) == 0)
            {
                _log?.Invoke($"cannot share the CPU cores with other SlideEmbed processes ({e.Message}); encoding without turns.");
            }

            return null;
        }
    }

    /// <summary>Whether opening failed only because another open holds the lock (EWOULDBLOCK from <c>flock</c>; a sharing violation on Windows).</summary>
    private static bool IsHeld(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult == (OperatingSystem.IsWindows() ? unchecked((int)0x80070020) : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 35 : 11);

    /// <summary>The affinity list of this process (<c>Cpus_allowed_list</c>), or null off Linux.</summary>
    private static string? AllowedCores()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                {
                    return line["Cpus_allowed_list:".Length..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private sealed class NoSlot : IDisposable
    {
        public static readonly NoSlot Instance = new();

        public void Dispose()
        {
        }
    }
}
