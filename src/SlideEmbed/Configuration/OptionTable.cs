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
        NullableDouble("slide-mpp", "Level-0 microns per pixel for slides whose metadata has none.", (o, v) => o.SlideMpp = v, o => o.SlideMpp),
        Str("slide-mpp-csv", "CSV of 'slide,mpp' rows giving level-0 microns per pixel per slide.", (o, v) => o.SlideMppCsv = v, o => o.SlideMppCsv),
        Bool("slide-mpp-force", "Let --slide-mpp / --slide-mpp-csv win over the file's own metadata (default false: used only when the file has none).", (o, v) => o.SlideMppForce = v, o => o.SlideMppForce),
        Str("tissue", $"Tissue detection: {string.Join(", ", Pipeline.TissueDetectorFactory.Names)} (default {Pipeline.TissueDetectorFactory.DefaultName}).", (o, v) => o.Tissue = v ?? Pipeline.TissueDetectorFactory.DefaultName, o => o.Tissue),
        Bool("exclude-pen", "Remove blue, green and black pen marks from the tissue (default false).", (o, v) => o.ExcludePen = v, o => o.ExcludePen),
        Int("overlap", "Overlap between tiles in pixels at the model's resolution (default 0).", (o, v) => o.Overlap = v, o => o.Overlap),
        Double("min-tissue", "Keep a tile when at least this fraction of it is tissue, 0-1 (default 0.25).", (o, v) => o.MinTissue = v, o => o.MinTissue),
        NullableInt("max-tiles", "At most this many tiles per slide, those with most tissue (default: no cap).", (o, v) => o.MaxTiles = v, o => o.MaxTiles),
        Str("device", "Inference devices: cpu, cuda:N, tensorrt:N, or a comma-separated list (default cpu).", (o, v) => o.Device = v ?? "cpu", o => o.Device),
        Bool("allow-cpu-fallback", "Run on the CPU when a requested GPU cannot be used (default false: an error).", (o, v) => o.AllowCpuFallback = v, o => o.AllowCpuFallback),
        Int("threads", "Intra-op threads per CPU inference session; 0 = all cores (default 0).", (o, v) => o.Threads = v, o => o.Threads),
        Str("optimization", "ONNX Runtime graph optimisation: none, basic, extended, all (default all).", (o, v) => o.Optimization = v ?? "all", o => o.Optimization),
        Int("batch-size", "Tiles per inference batch (default 32).", (o, v) => o.BatchSize = v, o => o.BatchSize),
        Int("readers", "Tile reader workers; 0 = one per core, 2 to 8 (default 0).", (o, v) => o.Readers = v, o => o.Readers),
        Double("max-failed-tiles", "Fail a slide when more than this fraction of its tiles cannot be read (default 0.05).", (o, v) => o.MaxFailedTiles = v, o => o.MaxFailedTiles),
        Str("slide-encoder", "Slide-level embedding: mean, max, gigapath-slide[:output-mode], a slide-encoder manifest path (file.json[:output-mode]) or none (default mean).", (o, v) => o.SlideEncoder = v ?? "mean", o => o.SlideEncoder),
        Bool("tensor-extension", "Mark embedding columns as arrow.fixed_shape_tensor (default false: polars cannot read extension columns).", (o, v) => o.TensorExtension = v, o => o.TensorExtension),
        Bool("force", "Redo slides whose outputs are complete and current (default false: they are skipped).", (o, v) => o.Force = v, o => o.Force),
        Str("log-format", "auto (progress bars on a terminal, plain lines otherwise), plain or json (default auto).", (o, v) => o.LogFormat = v ?? "auto", o => o.LogFormat),
    ];

    /// <summary>Finds a setting by key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The setting or null.</returns>
    public static OptionSpec? Find(string key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));

    private static OptionSpec Str(string key, string help, Action<SlideEmbedOptions, string?> set, Func<SlideEmbedOptions, string?> get) =>
        new(key, "string", help, set, get);

    private static OptionSpec Bool(string key, string help, Action<SlideEmbedOptions, bool> set, Func<SlideEmbedOptions, bool> get) =>
        new(key, "bool", help, (o, v) => set(o, v is not null && ParseBool(key, v)), o => get(o) ? "true" : "false");

    private static OptionSpec Int(string key, string help, Action<SlideEmbedOptions, int> set, Func<SlideEmbedOptions, int> get) =>
        new(key, "int", help, (o, v) => set(o, ParseInt(key, v)), o => get(o).ToString(s_c));

    private static OptionSpec NullableInt(string key, string help, Action<SlideEmbedOptions, int?> set, Func<SlideEmbedOptions, int?> get) =>
        new(key, "int", help, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : ParseInt(key, v)), o => get(o)?.ToString(s_c));

    private static OptionSpec Double(string key, string help, Action<SlideEmbedOptions, double> set, Func<SlideEmbedOptions, double> get) =>
        new(key, "double", help, (o, v) => set(o, ParseDouble(key, v)), o => get(o).ToString("R", s_c));

    private static OptionSpec NullableDouble(string key, string help, Action<SlideEmbedOptions, double?> set, Func<SlideEmbedOptions, double?> get) =>
        new(key, "double", help, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : ParseDouble(key, v)), o => get(o)?.ToString("R", s_c));

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
