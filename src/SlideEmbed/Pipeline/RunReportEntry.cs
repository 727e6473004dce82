namespace SlideEmbed.Pipeline;

/// <summary>One slide's line of a run report as read back from its JSON file.</summary>
/// <param name="Path">Slide path.</param>
/// <param name="SlideId">Slide id, or null for files that are not slides.</param>
/// <param name="Status">Status as written (<c>done</c>, <c>up_to_date</c>, <c>failed</c>, <c>not_a_slide</c>, ...).</param>
/// <param name="Tiles">Tiles embedded (or in the existing outputs when up to date).</param>
/// <param name="ErrorKind">Error kind when failed, or null.</param>
/// <param name="Error">Error message or skip reason, or null.</param>
/// <param name="Outputs">Output files of the slide.</param>
public sealed record RunReportEntry(string Path, string? SlideId, string Status, int Tiles, string? ErrorKind, string? Error, IReadOnlyList<string> Outputs)
{
    /// <summary>Whether the run left complete outputs for the slide (embedded now, or already up to date).</summary>
    public bool Complete => Status is "done" or "up_to_date";
}
