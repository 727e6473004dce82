namespace SlideEmbed.Pipeline;

/// <summary>
/// All run reports of one model folder merged into one answer: which slides of the list have complete
/// outputs, which failed and why, which are missing, and how each shard ran. The reports of a Slurm array
/// or a Kubernetes Indexed Job (<c>run-report.K-of-N.json</c>) and of whole-list runs
/// (<c>run-report.json</c>) merge alike.
/// </summary>
/// <remarks>
/// The rules: a slide's verdict is its line in the report that finished last (ties: the report's file name,
/// ordinal), so a resubmitted shard's report supersedes the attempt it repeats. The list is the one
/// recorded by the most recently started report (every shard of a run records the same list). A slide of the list is complete when its verdict is done or up to date and every
/// output file it names exists; failed when its verdict is failed; missing otherwise (no report mentions
/// it, or its outputs have gone since).
/// </remarks>
public sealed partial class RunSummary
{
    private RunSummary(string folder, IReadOnlyList<RunReportFile> reports, IReadOnlyList<string> badReports)
    {
        Folder = folder;
        Reports = reports;
        BadReports = badReports;
    }

    /// <summary>The model folder.</summary>
    public string Folder { get; }

    /// <summary>The readable reports, oldest finish first.</summary>
    public IReadOnlyList<RunReportFile> Reports { get; }

    /// <summary>One line per report file that could not be read, naming it.</summary>
    public IReadOnlyList<string> BadReports { get; }

    /// <summary>The slide list the summary judges (full paths, ordinal order).</summary>
    public IReadOnlyList<string> List { get; private set; } = [];

    /// <summary>Slides of the list embedded by their last run.</summary>
    public IReadOnlyList<RunReportEntry> Done { get; private set; } = [];

    /// <summary>Slides of the list found up to date by their last run.</summary>
    public IReadOnlyList<RunReportEntry> UpToDate { get; private set; } = [];

    /// <summary>Slides of the list whose last run failed, with the report that says so.</summary>
    public IReadOnlyList<(RunReportEntry Slide, RunReportFile Report)> Failed { get; private set; } = [];

    /// <summary>Slides of the list with no complete outputs and no failure on record.</summary>
    public IReadOnlyList<string> Missing { get; private set; } = [];

    /// <summary>Whether every slide of the list has complete outputs and every report could be read.</summary>
    public bool Complete => Failed.Count == 0 && Missing.Count == 0 && BadReports.Count == 0 && Reports.Count > 0;

    /// <summary>Reads and merges every <c>run-report*.json</c> in a model folder.</summary>
    /// <param name="folder">The model folder (<c>&lt;out&gt;/&lt;model&gt;</c>).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static RunSummary Merge(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"'{folder}' does not exist; give the model folder, <out>/<model>.");
        }

        var reports = new List<RunReportFile>();
        var bad = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, RunReport.FilePrefix + "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                reports.Add(RunReportFile.Read(file));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                bad.Add(e.Message);
            }
        }

        reports = [.. reports.OrderBy(r => r.FinishedUtc).ThenBy(r => Path.GetFileName(r.FilePath), StringComparer.Ordinal)];
        var summary = new RunSummary(folder, reports, bad);
        summary.Judge();
        return summary;
    }

    private void Judge()
    {
        var last = new Dictionary<string, (RunReportEntry Slide, RunReportFile Report)>(StringComparer.Ordinal);
        foreach (var report in Reports)
        {
            foreach (var slide in report.Slides.Where(s => s.SlideId is not null && s.Status != "planned"))
            {
                last[slide.Path] = (slide, report);
            }
        }

        List = [.. ChooseList(last.Keys).Order(StringComparer.Ordinal)];
        var done = new List<RunReportEntry>();
        var upToDate = new List<RunReportEntry>();
        var failed = new List<(RunReportEntry, RunReportFile)>();
        var missing = new List<string>();
        foreach (var path in List)
        {
            if (!last.TryGetValue(path, out var verdict))
            {
                missing.Add(path);
            }
            else if (verdict.Slide.Status == "failed")
            {
                failed.Add(verdict);
            }
            else if (verdict.Slide.Complete && verdict.Slide.Outputs.Count > 0 && verdict.Slide.Outputs.All(File.Exists))
            {
                (verdict.Slide.Status == "done" ? done : upToDate).Add(verdict.Slide);
            }
            else
            {
                missing.Add(path);
            }
        }

        Done = done;
        UpToDate = upToDate;
        Failed = failed;
        Missing = missing;
    }

    private IEnumerable<string> ChooseList(IEnumerable<string> mentioned)
    {
        var newest = Reports.Where(r => r.SlideList.Count > 0).MaxBy(r => r.StartedUtc);
        if (newest is null)
        {
            // Reports written before lists were recorded: judge the slides they mention.
            return mentioned.ToList();
        }

        return newest.SlideList.Distinct(StringComparer.Ordinal);
    }
}
