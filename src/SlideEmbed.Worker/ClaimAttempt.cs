namespace SlideEmbed.Worker;

/// <summary>The outcome of trying to claim an item.</summary>
/// <param name="Claim">The claim, or null when it is held elsewhere.</param>
/// <param name="BusyReason">Why it could not be claimed, when it could not.</param>
/// <param name="Recovered">Whether the previous holder died (or stopped) while processing or finishing it.</param>
internal readonly record struct ClaimAttempt(SlideClaim? Claim, string? BusyReason, bool Recovered);
