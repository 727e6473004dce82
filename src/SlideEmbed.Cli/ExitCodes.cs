namespace SlideEmbed.Cli;

/// <summary>Process exit codes of <c>slideembed</c>, stable across versions.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for succeeded.</summary>
    public const int Success = 0;

    /// <summary>Nothing succeeded (every slide failed, or a fatal error).</summary>
    public const int Failure = 1;

    /// <summary>The command line or configuration was invalid; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>Some slides succeeded and some failed; the report lists which.</summary>
    public const int PartialFailure = 3;

    /// <summary>Stopped by the user (Ctrl-C / SIGTERM) before finishing.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code of a batch of <paramref name="total"/> items of which <paramref name="failed"/> failed.</summary>
    /// <param name="total">Items attempted.</param>
    /// <param name="failed">Items that failed.</param>
    /// <returns><see cref="Success"/>, <see cref="PartialFailure"/> or <see cref="Failure"/>.</returns>
    public static int ForBatch(int total, int failed) =>
        failed == 0 ? Success : failed < total ? PartialFailure : Failure;
}
