using SlideEmbed.Output;

namespace SlideEmbed.Worker;

/// <summary>
/// Who holds a claim: host name, process id, the process's start time (so a reused process id is not
/// mistaken for the original process) and a per-worker instance id (two workers may share a process in tests).
/// </summary>
/// <param name="Host">Host name.</param>
/// <param name="Pid">Process id.</param>
/// <param name="ProcessStartedUtc">When the process started, or null when it cannot be read.</param>
/// <param name="Instance">A fresh id per worker instance.</param>
public sealed record WorkerIdentity(string Host, int Pid, DateTimeOffset? ProcessStartedUtc, string Instance)
{
    /// <summary>The host name with characters outside <c>[A-Za-z0-9_-]</c> replaced, safe in file names (<see cref="WriterIdentity.SafeHostName"/>).</summary>
    public static string SafeHostName => WriterIdentity.SafeHostName;

    /// <summary>The identity of a new worker in this process.</summary>
    /// <returns>The identity.</returns>
    public static WorkerIdentity ForThisProcess() =>
        new(Environment.MachineName, Environment.ProcessId, WriterIdentity.Current.ProcessStartedUtc, Guid.NewGuid().ToString("N"));
}
