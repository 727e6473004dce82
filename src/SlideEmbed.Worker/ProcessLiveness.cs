using System.Diagnostics;

namespace SlideEmbed.Worker;

/// <summary>Whether a process of this host still runs, telling a reused process id from the original by its start time.</summary>
internal static class ProcessLiveness
{
    // Start times are read from /proc with a resolution of clock ticks; allow for rounding.
    private static readonly TimeSpan s_startTolerance = TimeSpan.FromSeconds(2);

    /// <summary>Whether process <paramref name="pid"/> runs and, when <paramref name="startedUtc"/> is given, started then.</summary>
    /// <param name="pid">Process id.</param>
    /// <param name="startedUtc">Its recorded start time, or null to accept any process with that id.</param>
    /// <returns>True when it still runs.</returns>
    public static bool IsAlive(int pid, DateTimeOffset? startedUtc)
    {
        if (pid <= 0)
        {
            return false;
        }

        var actual = StartTimeOf(pid, out var exists);
        if (!exists)
        {
            return false;
        }

        return startedUtc is null || actual is null || (actual.Value - startedUtc.Value).Duration() <= s_startTolerance;
    }

    /// <summary>When a process started, or null when it does not run or the time cannot be read.</summary>
    /// <param name="pid">Process id.</param>
    /// <returns>Its start time, UTC.</returns>
    public static DateTimeOffset? StartTimeOf(int pid) => StartTimeOf(pid, out _);

    private static DateTimeOffset? StartTimeOf(int pid, out bool exists)
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
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exists but belongs to someone we may not inspect.
            exists = true;
            return null;
        }
    }
}
