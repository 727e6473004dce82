namespace SlideEmbed.Worker;

/// <summary>What a running worker builds once its settings are validated and its folders exist.</summary>
/// <param name="OutDir">The model's output folder.</param>
/// <param name="Scanner">Looks at the drop folder.</param>
/// <param name="Queue">The items not finished yet.</param>
/// <param name="Claims">The claim files.</param>
/// <param name="Status">The status file.</param>
/// <param name="Attempt">Runs one attempt at a claimed item.</param>
internal sealed record WorkerParts(string OutDir, DropFolderScanner Scanner, DropQueue Queue, ClaimStore Claims, WorkerStatus Status, SlideAttempt Attempt);
