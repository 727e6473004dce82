using System.Globalization;

namespace SlideEmbed.Configuration;

/// <summary>The list of every setting of <see cref="SlideEmbedOptions"/>, the single source for the file, environment and flags.</summary>
public static class OptionTable
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    /// <summary>All settings, in documentation order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        Str("model", "Model name (see manifests/) or path to a manifest JSON.", (o, v) => o.Model = v, o => o.Model),
        Str("out", "Output folder; outputs go to <out>/<model>/.", (o, v) => o.Out = v, o => o.Out),
        Bool("recursive", "Look for slides in sub-folders of folder arguments (default false).", (o, v) => o.Recursive = v, o => o.Recursive),
        NullableDouble("slide-mpp", "Level-0 microns per pixel for slides whose metadata has none, 0.01-100.", (o, v) => o.SlideMpp = v, o => o.SlideMpp, 0.01, 100),
        Str("slide-mpp-csv", "CSV of 'slide,mpp' rows giving level-0 microns per pixel per slide.", (o, v) => o.SlideMppCsv = v, o => o.SlideMppCsv),
        Bool("slide-mpp-force", "Let --slide-mpp / --slide-mpp-csv win over the file's own metadata (default false: used only when the file has none).", (o, v) => o.SlideMppForce = v, o => o.SlideMppForce),
        Str("tissue", $"Tissue detection: {string.Join(", ", Tissue.TissueDetectorFactory.Names)} (default {Tissue.TissueDetectorFactory.DefaultName}), or a deep segmenter: grandqc-tissue, hest-tissue or a segmenter manifest FILE.json (manifests/README.md).", (o, v) => o.Tissue = v ?? Tissue.TissueDetectorFactory.DefaultName, o => o.Tissue),
        Bool("exclude-pen", "Remove blue, green and black pen marks from the tissue (default false).", (o, v) => o.ExcludePen = v, o => o.ExcludePen),
        Int("overlap", "Overlap between tiles in pixels at the model's resolution, 0 to the tile size minus 1 (default 0).", (o, v) => o.Overlap = v, o => o.Overlap, 0, 65535),
        Double("min-tissue", $"Keep a tile when at least this fraction of it is tissue, 0-1 (default {Tiling.TilingOptions.DefaultMinTissueFraction.ToString(s_c)}).", (o, v) => o.MinTissue = v, o => o.MinTissue, 0, 1),
        NullableInt("max-tiles", "At most this many tiles per slide, those with most tissue, 1 or more (default: no cap).", (o, v) => o.MaxTiles = v, o => o.MaxTiles, 1, int.MaxValue),
        Str("device", "Inference devices: cpu, cuda:N, tensorrt:N, or a comma-separated list (default cpu).", (o, v) => o.Device = v ?? "cpu", o => o.Device),
        Bool("allow-cpu-fallback", "Run on the CPU when a requested GPU cannot be used (default false: an error).", (o, v) => o.AllowCpuFallback = v, o => o.AllowCpuFallback),
        Int("threads", "Intra-op threads per CPU inference session, 0-1024; 0 = all cores (default 0).", (o, v) => o.Threads = v, o => o.Threads, 0, 1024),
        Choice("optimization", "ONNX Runtime graph optimisation: none, basic, extended, all (default all).", ["none", "basic", "extended", "all"], (o, v) => o.Optimization = v ?? "all", o => o.Optimization),
        Int("batch-size", "Tiles per inference batch, 1-4096 (default 32).", (o, v) => o.BatchSize = v, o => o.BatchSize, 1, 4096),
        Int("readers", "Tile reader workers, 0-64; 0 = one per core, 2 to 8 (default 0).", (o, v) => o.Readers = v, o => o.Readers, 0, 64),
        Double("max-failed-tiles", "Fail a slide when more than this fraction of its tiles cannot be read, 0-1 (default 0.05).", (o, v) => o.MaxFailedTiles = v, o => o.MaxFailedTiles, 0, 1),
        Str("slide-encoder", "Slide-level embedding: mean, max, gigapath-slide[:output-mode], a slide-encoder manifest path (file.json[:output-mode]) or none (default mean).", (o, v) => o.SlideEncoder = v ?? "mean", o => o.SlideEncoder),
        Bool("tensor-extension", "Mark embedding columns as arrow.fixed_shape_tensor (default false: polars cannot read extension columns).", (o, v) => o.TensorExtension = v, o => o.TensorExtension),
        Bool("force", "Redo slides whose outputs are complete and current (default false: they are skipped).", (o, v) => o.Force = v, o => o.Force),
        Choice("log-format", "auto (progress bars on a terminal, plain lines otherwise), plain or json (default auto).", ["auto", "plain", "json"], (o, v) => o.LogFormat = v ?? "auto", o => o.LogFormat),
    ];

    /// <summary>Finds a setting by key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The setting or null.</returns>
    public static OptionSpec? Find(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    private static OptionSpec Str(string key, string help, Action<SlideEmbedOptions, string?> set, Func<SlideEmbedOptions, string?> get) =>
        new(key, "string", help, set, get);

    private static OptionSpec Choice(string key, string help, string[] choices, Action<SlideEmbedOptions, string?> set, Func<SlideEmbedOptions, string?> get) =>
        new(key, "string", help, (o, v) => set(o, v is null || choices.Contains(v, StringComparer.Ordinal) ? v : throw new FormatException($"'{key}' must be one of {string.Join(", ", choices)}, not '{v}'.")), get);

    private static OptionSpec Bool(string key, string help, Action<SlideEmbedOptions, bool> set, Func<SlideEmbedOptions, bool> get) =>
        new(key, "bool", help, (o, v) => set(o, v is not null && ParseBool(key, v)), o => get(o) ? "true" : "false");

    private static OptionSpec Int(string key, string help, Action<SlideEmbedOptions, int> set, Func<SlideEmbedOptions, int> get, int min, int max) =>
        new(key, "int", help, (o, v) => set(o, InRange(key, ParseInt(key, v), min, max)), o => get(o).ToString(s_c));

    private static OptionSpec NullableInt(string key, string help, Action<SlideEmbedOptions, int?> set, Func<SlideEmbedOptions, int?> get, int min, int max) =>
        new(key, "int", help, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : InRange(key, ParseInt(key, v), min, max)), o => get(o)?.ToString(s_c));

    private static OptionSpec Double(string key, string help, Action<SlideEmbedOptions, double> set, Func<SlideEmbedOptions, double> get, double min, double max) =>
        new(key, "double", help, (o, v) => set(o, InRange(key, ParseDouble(key, v), min, max)), o => get(o).ToString("R", s_c));

    private static OptionSpec NullableDouble(string key, string help, Action<SlideEmbedOptions, double?> set, Func<SlideEmbedOptions, double?> get, double min, double max) =>
        new(key, "double", help, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : InRange(key, ParseDouble(key, v), min, max)), o => get(o)?.ToString("R", s_c));

    private static T InRange<T>(string key, T value, T min, T max)
        where T : IComparable<T>, IFormattable =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0
            ? value
            : throw new FormatException(max is int.MaxValue
                ? $"'{key}' must be at least {min.ToString(null, s_c)}, not {value.ToString(null, s_c)}."
                : $"'{key}' must be between {min.ToString(null, s_c)} and {max.ToString(null, s_c)}, not {value.ToString(null, s_c)}.");

    private static bool ParseBool(string key, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException($"'{key}' must be true or false, not '{text}'."),
    };

    private static int ParseInt(string key, string? text) =>
        int.TryParse(text, NumberStyles.Integer, s_c, out var v) ? v : throw new FormatException($"'{key}' must be a whole number, not '{text}'.");

    private static double ParseDouble(string key, string? text) =>
        double.TryParse(text, NumberStyles.Float, s_c, out var v) && double.IsFinite(v) ? v : throw new FormatException($"'{key}' must be a number, not '{text}'.");
}
