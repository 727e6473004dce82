using System.Diagnostics;
using System.Text;

namespace SlideEmbed.Output;

/// <summary>
/// Who writes a file or holds a claim in a folder that several processes, possibly on several hosts,
/// share: the host name, the process id and the process's start time. The start time tells a reused
/// process id from the original; the host tells a process of another machine, whose liveness this host
/// cannot see, from one of its own.
/// </summary>
/// <param name="Host">The host name as <see cref="SafeHostName"/> spells it (safe in file names).</param>
/// <param name="Pid">The process id.</param>
/// <param name="ProcessStartedUtc">When the process started, or null when it cannot be read.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record WriterIdentity(string Host, int Pid, DateTimeOffset? ProcessStartedUtc)
{
    /// <summary>
    /// How far a recorded start time may lie from the one read now and still be the same process:
    /// start times come from <c>/proc</c> in clock ticks and are converted through the boot time, which is
    /// itself computed and may move by a fraction of a second between readings.
    /// </summary>
    public static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    /// <summary>
    /// This host's name with every character outside <c>[A-Za-z0-9_-]</c> replaced by <c>_</c> (so it has no
    /// dots and fits in a file name), at most 64 characters (the Linux limit of a host name); <c>host</c> when empty.
    /// </summary>
    public static string SafeHostName { get; } = Sanitize(Environment.MachineName);

    /// <summary>The identity of this process.</summary>
    public static WriterIdentity Current => s_current.Value;

    private static Lazy<WriterIdentity> s_current { get; } = new(() =>
        new WriterIdentity(SafeHostName, Environment.ProcessId, ProcessStartTime(Environment.ProcessId)));

    /// <summary>Whether this identity names a process of this host (its host is <see cref="SafeHostName"/>).</summary>
    public bool IsThisHost => string.Equals(Host, SafeHostName, StringComparison.Ordinal);

    /// <summary>
    /// Whether the process this identity names may still run, as far as this host can tell: a process of
    /// another host always may (its process table is not visible here); one of this host runs when a process
    /// with its id exists and, when both start times are known, started within <see cref="StartTimeTolerance"/>
    /// of <see cref="ProcessStartedUtc"/>.
    /// </summary>
    /// <returns>False only when the process is known to be gone.</returns>
    public bool MayBeAlive() => !IsThisHost || IsProcessAlive(Pid, ProcessStartedUtc);

    /// <summary>Whether process <paramref name="pid"/> of this host runs and, when <paramref name="startedUtc"/> is given, started then.</summary>
    /// <param name="pid">Process id.</param>
    /// <param name="startedUtc">Its recorded start time, or null to accept any process with that id.</param>
    /// <returns>True when it runs (and is the same process, as far as the start times tell).</returns>
    public static bool IsProcessAlive(int pid, DateTimeOffset? startedUtc)
    {
        if (pid <= 0)
        {
            return false;
        }

        var actual = StartTime(pid, out var exists);
        if (!exists)
        {
            return false;
        }

        return startedUtc is null || actual is null || (actual.Value - startedUtc.Value).Duration() <= StartTimeTolerance;
    }

    /// <summary>When a process of this host started, or null when it does not run or the time cannot be read.</summary>
    /// <param name="pid">Process id.</param>
    /// <returns>Its start time, UTC.</returns>
    public static DateTimeOffset? ProcessStartTime(int pid) => StartTime(pid, out _);

    private static DateTimeOffset? StartTime(int pid, out bool exists)
    {
        exists = false;
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited)
            {
                return null;
            }

            exists = true;
            return new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Exited between the lookup and the question.
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exists but belongs to someone we may not inspect.
            exists = true;
            return null;
        }
    }

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, 64));
        foreach (var c in name.AsSpan(0, Math.Min(name.Length, 64)))
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return sb.Length == 0 ? "host" : sb.ToString();
    }
}
