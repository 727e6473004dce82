namespace SlideEmbed.Worker;

/// <summary>Why one attempt at a slide failed.</summary>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="TimeUtc">When it failed.</param>
/// <param name="Host">Host of the worker.</param>
/// <param name="Pid">Process id of the worker.</param>
/// <param name="Kind">A short machine-friendly kind (e.g. <c>unsupported-format</c>, <c>worker-died</c>).</param>
/// <param name="Message">What went wrong.</param>
public sealed record AttemptError(int Attempt, DateTimeOffset TimeUtc, string Host, int Pid, string Kind, string Message);
