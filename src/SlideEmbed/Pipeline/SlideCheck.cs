namespace SlideEmbed.Pipeline;

/// <summary>Whether a slide's outputs in a folder are complete and current.</summary>
/// <param name="UpToDate">True when every output is of the current settings and slide content and consistent with the others.</param>
/// <param name="Tiles">Tiles recorded in the current tile file (0 when not up to date).</param>
/// <param name="Reason">Why the outputs are not up to date, or null.</param>
public sealed record SlideCheck(bool UpToDate, int Tiles, string? Reason)
{
    /// <summary>A check that failed for a reason.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The check.</returns>
    public static SlideCheck Stale(string reason) => new(false, 0, reason);
}
