using SlideEmbed.Output;

namespace SlideEmbed.Worker;

/// <summary>Whether a process of this host still runs, telling a reused process id from the original by its start time (see <see cref="WriterIdentity"/>, which holds the logic).</summary>
internal static class ProcessLiveness
{
    /// <summary>Whether process <paramref name="pid"/> runs and, when <paramref name="startedUtc"/> is given, started then.</summary>
    /// <param name="pid">Process id.</param>
    /// <param name="startedUtc">Its recorded start time, or null to accept any process with that id.</param>
    /// <returns>True when it still runs.</returns>
    public static bool IsAlive(int pid, DateTimeOffset? startedUtc) => WriterIdentity.IsProcessAlive(pid, startedUtc);

    /// <summary>When a process started, or null when it does not run or the time cannot be read.</summary>
    /// <param name="pid">Process id.</param>
    /// <returns>Its start time, UTC.</returns>
    public static DateTimeOffset? StartTimeOf(int pid) => WriterIdentity.ProcessStartTime(pid);
}
