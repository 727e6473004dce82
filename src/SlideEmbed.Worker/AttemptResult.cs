using SlideEmbed.Output;

namespace SlideEmbed.Worker;

/// <summary>What one attempt at a slide produced.</summary>
/// <param name="Outcome"><see cref="WorkerOutcome.Done"/>, <see cref="WorkerOutcome.UpToDate"/>, <see cref="WorkerOutcome.Retrying"/> (failed),
/// <see cref="WorkerOutcome.SourceChanged"/>, <see cref="WorkerOutcome.SourceGone"/> or <see cref="WorkerOutcome.Abandoned"/>.</param>
/// <param name="Before">The slide file's fingerprint when the attempt started, or null when it could not be read.</param>
/// <param name="Tiles">Tiles embedded.</param>
/// <param name="Seconds">Wall time of the embedding.</param>
/// <param name="Outputs">Published output files.</param>
/// <param name="ErrorKind">Error kind when failed.</param>
/// <param name="Error">Error message when failed.</param>
internal sealed record AttemptResult(WorkerOutcome Outcome, SlideFingerprint? Before, int Tiles, double Seconds, IReadOnlyList<string> Outputs, string? ErrorKind = null, string? Error = null)
{
    /// <summary>Warnings about a slide that was embedded (no tissue, upsampled tiles).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A failed attempt.</summary>
    /// <param name="before">Fingerprint at the start.</param>
    /// <param name="kind">Error kind.</param>
    /// <param name="message">Error message.</param>
    /// <returns>The result.</returns>
    public static AttemptResult Failed(SlideFingerprint? before, string kind, string message) => new(WorkerOutcome.Retrying, before, 0, 0, [], kind, message);

    /// <summary>A result without outputs.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="before">Fingerprint at the start.</param>
    /// <returns>The result.</returns>
    public static AttemptResult Of(WorkerOutcome outcome, SlideFingerprint? before) => new(outcome, before, 0, 0, []);
}
