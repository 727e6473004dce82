using SlideEmbed.Configuration;

namespace SlideEmbed.Worker;

/// <summary>
/// The drop-folder worker's own settings as the worker library takes them. From the command line they
/// come out of the one settings object (<see cref="From"/>: the <see cref="OptionScope.Watch"/> rows of
/// <see cref="OptionTable"/>, loaded by <see cref="OptionsLoader"/>); the defaults are those of
/// <see cref="SlideEmbedOptions"/>. Call <see cref="Validate"/> before use.
/// </summary>
public sealed class WatchOptions
{
    private static readonly SlideEmbedOptions s_defaults = new();

    /// <summary>Name of the folder inside the drop folder that receives finished sources.</summary>
    public const string DoneFolderName = "done";

    /// <summary>Name of the folder inside the drop folder that receives sources given up on.</summary>
    public const string FailedFolderName = "failed";

    /// <summary>Name of the hidden folder inside the drop folder that holds claim files.</summary>
    public const string ClaimsFolderName = ".claims";

    /// <summary>Name of the hidden folder inside the drop folder that holds status files by default.</summary>
    public const string StatusFolderName = ".status";

    /// <summary>The folder the scanner writes slides into (<c>drop</c>). Required.</summary>
    public string? DropFolder { get; set; }

    /// <summary>The output root (<c>out</c>, shared with the batch run); outputs go to <c>&lt;out&gt;/&lt;model&gt;/</c>. Required.</summary>
    public string? OutputFolder { get; set; }

    /// <summary>
    /// How long a slide's size and modification time (every file of a MIRAX slide) must stay unchanged
    /// before it counts as completely written (<c>quiet-period</c>). Default 30 s.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = s_defaults.QuietPeriod;

    /// <summary>Interval of the full rescan that backs up the file system watcher, which can miss events (<c>rescan-interval</c>). Default 15 s.</summary>
    public TimeSpan RescanInterval { get; set; } = s_defaults.RescanInterval;

    /// <summary>
    /// Attempts per slide before it is given up on (<c>max-attempts</c>). Default 3. An attempt
    /// interrupted because the worker died counts (a slide that crashes the process must not crash it
    /// forever); one abandoned on a clean shutdown does not.
    /// </summary>
    public int MaxAttempts { get; set; } = s_defaults.MaxAttempts;

    /// <summary>Wait before the second attempt; it doubles for each later one, up to one hour (<c>retry-delay</c>). Default 60 s.</summary>
    public TimeSpan RetryDelay { get; set; } = s_defaults.RetryDelay;

    /// <summary>What happens to finished sources (<c>finished</c>: <c>move</c> or <c>marker</c>). Default <see cref="FinishedSourceAction.Move"/>.</summary>
    public FinishedSourceAction Finished { get; set; } = ParseFinished(s_defaults.Finished);

    /// <summary>
    /// On shutdown, how long the slide being processed may take to finish before it is abandoned
    /// (<c>grace-period</c>). Default 30 s. An abandoned slide leaves no output and is redone later.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = s_defaults.GracePeriod;

    /// <summary>
    /// The JSON status file, rewritten atomically (<c>status-file</c>). Default
    /// <c>&lt;drop&gt;/.status/&lt;host&gt;.json</c>; give each instance on one host its own.
    /// </summary>
    public string? StatusFile { get; set; }

    /// <summary>The drop folder as a full path.</summary>
    public string DropPath => Path.GetFullPath(DropFolder ?? throw new InvalidOperationException("No drop folder is set."));

    /// <summary>Where finished sources go.</summary>
    public string DonePath => Path.Combine(DropPath, DoneFolderName);

    /// <summary>Where sources given up on go.</summary>
    public string FailedPath => Path.Combine(DropPath, FailedFolderName);

    /// <summary>Where claim files live.</summary>
    public string ClaimsPath => Path.Combine(DropPath, ClaimsFolderName);

    /// <summary>The status file as a full path (the default when <see cref="StatusFile"/> is unset).</summary>
    public string StatusPath => Path.GetFullPath(StatusFile ?? Path.Combine(DropPath, StatusFolderName, WorkerIdentity.SafeHostName + ".json"));

    /// <summary>The worker's settings from the one settings object, validated.</summary>
    /// <param name="options">The loaded settings (<see cref="OptionsLoader.Load"/>).</param>
    /// <returns>The watch settings; the output folder is the shared <c>out</c> setting.</returns>
    /// <exception cref="FormatException">The model, drop folder or output folder is missing, or a setting is out of range; the message names it.</exception>
    public static WatchOptions From(SlideEmbedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Model is null)
        {
            throw new FormatException("The model is required (--model, SLIDEEMBED_MODEL or 'model' in the configuration file).");
        }

        var watch = new WatchOptions
        {
            DropFolder = options.Drop,
            OutputFolder = options.Out,
            QuietPeriod = options.QuietPeriod,
            RescanInterval = options.RescanInterval,
            MaxAttempts = options.MaxAttempts,
            RetryDelay = options.RetryDelay,
            Finished = ParseFinished(options.Finished),
            GracePeriod = options.GracePeriod,
            StatusFile = options.StatusFile,
        };
        watch.Validate();
        return watch;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="FormatException">A setting is missing or out of range; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DropFolder))
        {
            throw new FormatException("The drop folder is required (--drop, SLIDEEMBED_DROP or 'drop' in the configuration file).");
        }

        if (string.IsNullOrWhiteSpace(OutputFolder))
        {
            throw new FormatException("The output folder is required (--out, SLIDEEMBED_OUT or 'out' in the configuration file).");
        }

        Positive(QuietPeriod, "quiet-period", allowZero: true);
        Positive(RescanInterval, "rescan-interval", allowZero: false);
        Positive(RetryDelay, "retry-delay", allowZero: true);
        Positive(GracePeriod, "grace-period", allowZero: true);
        if (MaxAttempts < 1)
        {
            throw new FormatException($"'max-attempts' must be at least 1, not {MaxAttempts}.");
        }

        // Outputs inside the drop folder would be discovered as dropped files (hidden folders are skipped).
        var relative = Path.GetRelativePath(DropPath, Path.GetFullPath(OutputFolder));
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        if (relative == "." || (first != ".." && !Path.IsPathRooted(relative) && !first.StartsWith('.')))
        {
            throw new FormatException($"The output folder '{OutputFolder}' must not be the drop folder or a visible folder inside it.");
        }
    }

    private static void Positive(TimeSpan value, string key, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new FormatException($"'{key}' must be {(allowZero ? "zero or more" : "more than zero")} seconds, not {value.TotalSeconds}.");
        }
    }

    private static FinishedSourceAction ParseFinished(string text) => text switch
    {
        "move" => FinishedSourceAction.Move,
        "marker" => FinishedSourceAction.Marker,
        _ => throw new FormatException($"'finished' must be move or marker, not '{text}'."),
    };
}
