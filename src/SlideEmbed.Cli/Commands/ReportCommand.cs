namespace SlideEmbed.Cli.Commands;

/// <summary>
/// <c>slideembed report &lt;out&gt;/&lt;model&gt; [--json]</c>: merges every run report of a model folder (the shards
/// of an array job and whole-list runs alike) into one summary; exits non-zero when a slide of the list
/// failed or has no complete outputs, so a scheduler's dependent job can tell what to resubmit.
/// </summary>
public static class ReportCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var folder = new Argument<string>("folder") { Description = "The model folder, <out>/<model>, holding run-report*.json." };
        var json = new Option<bool>("--json") { Description = "Write the summary as one JSON document." };
        var command = new Command("report", "Merge the run reports of a model folder (all shards): slides done, up to date, failed (with reasons) and missing; per-report wall time and tiles/s. Exits 0 only when every slide of the list has complete outputs.")
        {
            folder, json,
        };
        command.SetAction(parse =>
        {
            RunSummary summary;
            try
            {
                summary = RunSummary.Merge(parse.GetValue(folder)!);
            }
            catch (Exception e) when (e is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            context.Out.Write(parse.GetValue(json) ? summary.ToJson() + Environment.NewLine : summary.ToText());
            return summary.Complete ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
