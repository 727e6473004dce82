namespace SlideEmbed.Cli.Commands;

/// <summary>Writes a finished run's report, <c>&lt;out&gt;/run-report.json</c> (or a shard's own file), the same way for <c>embed</c> and <c>tiles</c>.</summary>
internal static class RunReportOutput
{
    /// <summary>Writes the report and names it on standard output.</summary>
    /// <param name="report">The report (finish time set).</param>
    /// <param name="outDir">The folder it goes in.</param>
    /// <param name="context">Output writers.</param>
    /// <param name="summary">Also print the summary (counts, failures, warnings) first.</param>
    /// <param name="code">The run's exit code so far.</param>
    /// <param name="fileName">The report's file name in <paramref name="outDir"/> (default <c>run-report.json</c>; a shard's is <c>run-report.K-of-N.json</c>).</param>
    /// <returns>The exit code: <see cref="ExitCodes.Failure"/> instead of success when the report cannot be written.</returns>
    public static int Write(RunReport report, string outDir, CliContext context, bool summary, int code, string? fileName = null)
    {
        var reportPath = Path.Combine(outDir, fileName ?? RunReport.FileName(null));
        if (summary)
        {
            context.Out.Write(report.Summary());
        }

        try
        {
            report.WriteJson(reportPath);
            context.Out.WriteLine($"Report: {reportPath}");
            return code;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The slides' outputs are complete and stay; only the summary file is missing.
            context.Error.WriteLine($"error: cannot write the run report '{reportPath}': {e.Message}");
            return code == ExitCodes.Success ? ExitCodes.Failure : code;
        }
    }
}
