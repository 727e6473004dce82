using System.Globalization;

namespace SlideEmbed.Worker;

/// <summary>The list of every setting of <see cref="WatchOptions"/> (the output folder is the shared <c>out</c> setting).</summary>
public static class WatchOptionTable
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    /// <summary>All watch settings, in documentation order.</summary>
    public static IReadOnlyList<WatchSettingSpec> All { get; } =
    [
        new("drop", "string", "Folder the scanner writes slides into; done/, failed/, .claims/ and .status/ are created inside it. Required.", (o, v) => o.DropFolder = v, o => o.DropFolder),
        Seconds("quiet-period", "Seconds a slide's size and modification time (every file of a MIRAX slide) must stay unchanged before it is taken (default 30).", (o, v) => o.QuietPeriod = v, o => o.QuietPeriod),
        Seconds("rescan-interval", "Seconds between full rescans of the drop folder, which back up the file system watcher (default 15).", (o, v) => o.RescanInterval = v, o => o.RescanInterval),
        new("max-attempts", "int", "Attempts per slide before it is moved to failed/ (default 3).", (o, v) => o.MaxAttempts = ParseInt("max-attempts", v), o => o.MaxAttempts.ToString(s_c)),
        Seconds("retry-delay", "Seconds before the second attempt of a failed slide; doubles for each later one, up to an hour (default 60).", (o, v) => o.RetryDelay = v, o => o.RetryDelay),
        new("finished", "string", "What to do with finished sources: move (into done/ or failed/) or marker (leave them, write <name>.done or <name>.failed) (default move).", (o, v) => o.Finished = ParseFinished(v), o => o.Finished.ToString().ToLowerInvariant()),
        Seconds("grace-period", "On shutdown, seconds the current slide may take to finish before it is abandoned, leaving no output (default 30).", (o, v) => o.GracePeriod = v, o => o.GracePeriod),
        new("status-file", "string", "JSON status file, rewritten atomically (default <drop>/.status/<host>.json; give each instance on one host its own).", (o, v) => o.StatusFile = v, o => o.StatusFile),
    ];

    /// <summary>Finds a setting by key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The setting or null.</returns>
    public static WatchSettingSpec? Find(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    private static WatchSettingSpec Seconds(string key, string help, Action<WatchOptions, TimeSpan> set, Func<WatchOptions, TimeSpan> get) =>
        new(key, "seconds", help, (o, v) => set(o, ParseSeconds(key, v)), o => get(o).TotalSeconds.ToString("R", s_c));

    private static TimeSpan ParseSeconds(string key, string? text) =>
        double.TryParse(text, NumberStyles.Float, s_c, out var v) && double.IsFinite(v) && v >= 0 && v < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(v)
            : throw new FormatException($"'{key}' must be a number of seconds, zero or more, not '{text}'.");

    private static int ParseInt(string key, string? text) =>
        int.TryParse(text, NumberStyles.Integer, s_c, out var v) ? v : throw new FormatException($"'{key}' must be a whole number, not '{text}'.");

    private static FinishedSourceAction ParseFinished(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "move" => FinishedSourceAction.Move,
        "marker" => FinishedSourceAction.Marker,
        _ => throw new FormatException($"'finished' must be move or marker, not '{text}'."),
    };
}
