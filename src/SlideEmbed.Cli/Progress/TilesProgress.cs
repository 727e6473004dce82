namespace SlideEmbed.Cli.Progress;

/// <summary>
/// What <c>tiles</c> says about each slide once it is handled (the slide's summary line itself comes from
/// the job): up-to-date slides on standard output, warnings and errors on standard error.
/// </summary>
/// <param name="context">Output writers.</param>
internal sealed class TilesProgress(CliContext context) : IRunProgress
{
    /// <inheritdoc />
    public void SlideStarted(int index, int count, string slideId)
    {
    }

    /// <inheritdoc />
    public void Tiles(int done, int total)
    {
    }

    /// <inheritdoc />
    public void SlideFinished(SlideReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        switch (report.Status)
        {
            case SlideStatus.UpToDate:
                context.Out.WriteLine($"{report.SlideId}: up to date");
                break;
            case SlideStatus.Failed:
                context.Error.WriteLine($"error: {report.Error}");
                break;
        }

        foreach (var warning in report.Warnings)
        {
            context.Error.WriteLine($"warning: {warning}");
        }
    }
}
