namespace SlideEmbed.Worker;

/// <summary>Back-off between attempts at a failing slide: the base delay, doubled for each further failure, capped.</summary>
internal static class RetryPolicy
{
    /// <summary>The longest wait between two attempts (unless the base delay is longer).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts.</summary>
    /// <param name="failedAttempts">Attempts failed so far (1 or more).</param>
    /// <param name="baseDelay">Wait after the first failure.</param>
    /// <returns><c>baseDelay * 2^(failedAttempts - 1)</c>, at most <see cref="MaxDelay"/> (or <paramref name="baseDelay"/> when that is longer).</returns>
    public static TimeSpan DelayAfter(int failedAttempts, TimeSpan baseDelay)
    {
        var cap = baseDelay > MaxDelay ? baseDelay : MaxDelay;
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }
}
