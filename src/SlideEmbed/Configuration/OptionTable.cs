using System.Globalization;

namespace SlideEmbed.Configuration;

/// <summary>
/// Every setting of <see cref="SlideEmbedOptions"/>, the single source for the configuration file, the
/// environment and the flags of every command: key, kind, help (with default and range), the commands that
/// take it (<see cref="OptionScope"/>) and its validation.
/// </summary>
public static partial class OptionTable
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    /// <summary>Every setting, in documentation order: those of the embedding run, then the drop-folder worker's own.</summary>
    public static IReadOnlyList<OptionSpec> Rows { get; } =
    [
        Str("model", OptionScope.Run, "Model name (see manifests/) or path to a manifest JSON.", (o, v) => o.Model = v, o => o.Model),
        Str("out", OptionScope.Tiling, "Output folder; outputs go to <out>/<model>/.", (o, v) => o.Out = v, o => o.Out),
        Bool("recursive", OptionScope.Embed, "Look for slides in sub-folders of folder arguments (default false).", (o, v) => o.Recursive = v, o => o.Recursive),
        NullableDouble("slide-mpp", OptionScope.Slides, "Level-0 microns per pixel for slides whose metadata has none, 0.01-100.", (o, v) => o.SlideMpp = v, o => o.SlideMpp, 0.01, 100),
        Str("slide-mpp-csv", OptionScope.Slides, "CSV of 'slide,mpp' rows giving level-0 microns per pixel per slide.", (o, v) => o.SlideMppCsv = v, o => o.SlideMppCsv),
        Bool("slide-mpp-force", OptionScope.Slides, "Let --slide-mpp / --slide-mpp-csv win over the file's own metadata (default false: used only when the file has none).", (o, v) => o.SlideMppForce = v, o => o.SlideMppForce),
        Str("tissue", OptionScope.Tiling, $"Tissue detection: {string.Join(", ", Tissue.TissueDetectorFactory.Names)} (default {Tissue.TissueDetectorFactory.DefaultName}), or a deep segmenter: grandqc-tissue, hest-tissue or a segmenter manifest FILE.json (manifests/README.md).", (o, v) => o.Tissue = v ?? Tissue.TissueDetectorFactory.DefaultName, o => o.Tissue),
        Bool("exclude-pen", OptionScope.Tiling, "Remove pen marks from the tissue: blue, green and black ink by colour with the classic methods, the pen class of the grandqc-artifacts model with a deep segmenter (default false).", (o, v) => o.ExcludePen = v, o => o.ExcludePen),
        Bool("exclude-artifacts", OptionScope.Tiling, "Remove folds, dark spots, pen, air bubbles and out-of-focus areas from the tissue with the grandqc-artifacts model, a second pass after any --tissue method (default false).", (o, v) => o.ExcludeArtifacts = v, o => o.ExcludeArtifacts),
        Str("artifact-segmenter", OptionScope.Tiling, "The artifact segmenter of --exclude-artifacts and --exclude-pen with a deep segmenter: a name or a segmenter manifest FILE.json with 'profiles' and a 'gate' (default grandqc-artifacts).", (o, v) => o.ArtifactSegmenter = v ?? "grandqc-artifacts", o => o.ArtifactSegmenter),
        Int("overlap", OptionScope.Tiling, "Overlap between tiles in pixels at the model's resolution, 0 to the tile size minus 1 (default 0).", (o, v) => o.Overlap = v, o => o.Overlap, 0, 65535),
        Double("min-tissue", OptionScope.Tiling, $"Keep a tile when at least this fraction of it is tissue, 0-1 (default {Tiling.TilingOptions.DefaultMinTissueFraction.ToString(s_c)}).", (o, v) => o.MinTissue = v, o => o.MinTissue, 0, 1),
        NullableInt("max-tiles", OptionScope.Tiling, "At most this many tiles per slide, those with most tissue, 1 or more (default: no cap).", (o, v) => o.MaxTiles = v, o => o.MaxTiles, 1, int.MaxValue),
        Str("device", OptionScope.Run, "Inference devices: cpu, cuda:N, tensorrt:N, cuda:all (every GPU), or a comma-separated list (default cpu).", (o, v) => o.Device = v ?? "cpu", o => o.Device),
        Bool("allow-cpu-fallback", OptionScope.Run, "Run on the CPU when a requested GPU cannot be used (default false: an error).", (o, v) => o.AllowCpuFallback = v, o => o.AllowCpuFallback),
        Bool("io-binding", OptionScope.Run, "Run batches through an ONNX Runtime I/O binding: page-locked reused input buffers on a GPU (default true).", (o, v) => o.IoBinding = v, o => o.IoBinding),
        Int("cuda-mem-limit-mib", OptionScope.Run, "GPU memory limit of each CUDA session's arena in MiB, 0-16777216; 0 = no limit (default 0).", (o, v) => o.CudaMemLimitMib = v, o => o.CudaMemLimitMib, 0, 16777216),
        Choice("cuda-arena", OptionScope.Run, "How the CUDA arena grows: same-as-requested or next-power-of-two (default same-as-requested).", ["same-as-requested", "next-power-of-two"], (o, v) => o.CudaArena = v ?? "same-as-requested", o => o.CudaArena),
        Choice("cudnn-conv-search", OptionScope.Run, "cuDNN convolution algorithm search: heuristic, exhaustive or default (default heuristic).", ["heuristic", "exhaustive", "default"], (o, v) => o.CudnnConvSearch = v ?? "heuristic", o => o.CudnnConvSearch),
        Bool("cuda-tf32", OptionScope.Run, "Allow TF32 matrix maths on the GPU; faster, less exact (default false).", (o, v) => o.CudaTf32 = v, o => o.CudaTf32),
        Bool("cuda-copy-default-stream", OptionScope.Run, "Copy CUDA inputs and outputs in the default stream (default true).", (o, v) => o.CudaCopyDefaultStream = v, o => o.CudaCopyDefaultStream),
        Bool("trt-fp16", OptionScope.Run, "Let TensorRT build fp16 kernels (default false).", (o, v) => o.TrtFp16 = v, o => o.TrtFp16),
        Str("trt-cache", OptionScope.Run, "TensorRT engine and timing cache folder; one sub-folder per model, GPU and TensorRT version (default ~/.cache/slideembed/trt).", (o, v) => o.TrtCache = v ?? "~/.cache/slideembed/trt", o => o.TrtCache),
        Int("trt-workspace-mib", OptionScope.Run, "TensorRT builder workspace in MiB, 64-1048576 (default 4096).", (o, v) => o.TrtWorkspaceMib = v, o => o.TrtWorkspaceMib, 64, 1048576),
        Int("threads", OptionScope.Run, "Intra-op threads per CPU inference session, 0-1024; 0 = all cores (default 0).", (o, v) => o.Threads = v, o => o.Threads, 0, 1024),
        Choice("optimization", OptionScope.Run, "ONNX Runtime graph optimisation: none, basic, extended, all (default all).", ["none", "basic", "extended", "all"], (o, v) => o.Optimization = v ?? "all", o => o.Optimization),
        Int("batch-size", OptionScope.Run, "Tiles per inference batch, 1-4096 (default 32).", (o, v) => o.BatchSize = v, o => o.BatchSize, 1, 4096),
        Int("readers", OptionScope.Run, "Tile reader workers, 0-64; 0 = one per core, 2 to 8, or the core count minus one when a GPU device is used (default 0).", (o, v) => o.Readers = v, o => o.Readers, 0, 64),
        Int("prefetch-mib", OptionScope.Run, "Memory in MiB for the preprocessed tiles of the next slides, opened, tissue-detected and read while one is encoded, at most 4 slides; 0 = one slide at a time (default 1024).", (o, v) => o.PrefetchMib = v, o => o.PrefetchMib, 0, 1048576),
        Double("max-failed-tiles", OptionScope.Run, "Fail a slide when more than this fraction of its tiles cannot be read, 0-1 (default 0.05).", (o, v) => o.MaxFailedTiles = v, o => o.MaxFailedTiles, 0, 1),
        Str("slide-encoder", OptionScope.Run, "Slide-level embedding: mean, max, gigapath-slide[:output-mode], a slide-encoder manifest path (file.json[:output-mode]) or none (default mean).", (o, v) => o.SlideEncoder = v ?? "mean", o => o.SlideEncoder),
        Bool("tensor-extension", OptionScope.Run, "Mark embedding columns as arrow.fixed_shape_tensor (default false: polars cannot read extension columns).", (o, v) => o.TensorExtension = v, o => o.TensorExtension),
        Str("shard", OptionScope.Embed, "Embed only shard K/N (0-based) of the slide list, or auto (from SLURM_ARRAY_TASK_ID/COUNT/MIN, or JOB_COMPLETION_INDEX with SLIDEEMBED_SHARD_COUNT); shards are disjoint, cover the list and balance file sizes (default: the whole list).", (o, v) => o.Shard = string.IsNullOrEmpty(v) ? null : Slides.SlideShard.Validated(v), o => o.Shard),
        Choice("share-cores", OptionScope.Run, "CPU inference takes turns with other SlideEmbed processes on this host's cores, at most cores / threads sessions at once (array tasks on one node stop time-slicing each other): auto (with --shard), on or off (default auto).", ["auto", "on", "off"], (o, v) => o.ShareCores = v ?? "auto", o => o.ShareCores),
        Bool("force", OptionScope.Tiling, "Redo slides whose outputs are complete and current (default false: they are skipped).", (o, v) => o.Force = v, o => o.Force),
        Choice("log-format", OptionScope.Run, "auto (progress bars on a terminal, plain lines otherwise), plain or json (default auto).", ["auto", "plain", "json"], (o, v) => o.LogFormat = v ?? "auto", o => o.LogFormat),
        Str("drop", OptionScope.Watch, "Folder the scanner writes slides into; done/, failed/, .claims/ and .status/ are created inside it. Required.", (o, v) => o.Drop = v, o => o.Drop),
        Seconds("quiet-period", OptionScope.Watch, "Seconds a slide's size and modification time (every file of a MIRAX slide) must stay unchanged before it is taken (default 30).", (o, v) => o.QuietPeriod = v, o => o.QuietPeriod, allowZero: true),
        Seconds("rescan-interval", OptionScope.Watch, "Seconds between full rescans of the drop folder, which back up the file system watcher (default 15).", (o, v) => o.RescanInterval = v, o => o.RescanInterval, allowZero: false),
        Int("max-attempts", OptionScope.Watch, "Attempts per slide before it is moved to failed/ (default 3).", (o, v) => o.MaxAttempts = v, o => o.MaxAttempts, 1, int.MaxValue),
        Seconds("retry-delay", OptionScope.Watch, "Seconds before the second attempt of a failed slide; doubles for each later one, up to an hour (default 60).", (o, v) => o.RetryDelay = v, o => o.RetryDelay, allowZero: true),
        LooseChoice("finished", OptionScope.Watch, "What to do with finished sources: move (into done/ or failed/) or marker (leave them, write <name>.done or <name>.failed) (default move).", ["move", "marker"], (o, v) => o.Finished = v, o => o.Finished),
        Seconds("grace-period", OptionScope.Watch, "On shutdown, seconds the current slide may take to finish before it is abandoned, leaving no output (default 30).", (o, v) => o.GracePeriod = v, o => o.GracePeriod, allowZero: true),
        Str("status-file", OptionScope.Watch, "JSON status file, rewritten atomically (default <drop>/.status/<host>.json; give each instance on one host its own).", (o, v) => o.StatusFile = v, o => o.StatusFile),
    ];

    /// <summary>The settings of an embedding run (<see cref="OptionScope.Embed"/>): the flags of <c>embed</c> and the keys of slideembed.example.json.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = For(OptionScope.Embed);

    /// <summary>The settings a command takes as flags.</summary>
    /// <param name="scope">The command.</param>
    /// <returns>Its settings, in documentation order.</returns>
    public static IReadOnlyList<OptionSpec> For(OptionScope scope) => Rows.Where(s => s.In(scope)).ToArray();

    /// <summary>Finds a setting by key, whatever its scope.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The setting or null.</returns>
    public static OptionSpec? Find(string key) => Rows.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.Ordinal));
}
