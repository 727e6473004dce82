namespace SlideEmbed.Configuration;

/// <summary>
/// Every setting of every command: the embedding run shared by <c>embed</c>, <c>tiles</c> and the
/// drop-folder worker, and the worker's own. Values come from the configuration file, then
/// <c>SLIDEEMBED_*</c> environment variables, then command-line flags (later wins), each validated by
/// <see cref="OptionTable"/>, which lists every setting once with its key, scope, default and help;
/// <see cref="OptionsLoader"/> builds it before any work.
/// </summary>
public sealed class SlideEmbedOptions
{
    /// <summary>Model name or manifest path (<c>model</c>).</summary>
    public string? Model { get; set; }

    /// <summary>Output folder (<c>out</c>).</summary>
    public string? Out { get; set; }

    /// <summary>Descend into sub-folders of folder arguments (<c>recursive</c>).</summary>
    public bool Recursive { get; set; }

    /// <summary>Level-0 um/px for slides whose metadata has none (<c>slide-mpp</c>).</summary>
    public double? SlideMpp { get; set; }

    /// <summary>CSV of slide,mpp rows (<c>slide-mpp-csv</c>).</summary>
    public string? SlideMppCsv { get; set; }

    /// <summary>Let user resolutions win over the file's (<c>slide-mpp-force</c>).</summary>
    public bool SlideMppForce { get; set; }

    /// <summary>Tissue detection method (<c>tissue</c>).</summary>
    public string Tissue { get; set; } = SlideEmbed.Tissue.TissueDetectorFactory.DefaultName;

    /// <summary>Remove pen marks (<c>exclude-pen</c>).</summary>
    public bool ExcludePen { get; set; }

    /// <summary>Remove artifacts with the artifact segmenter (<c>exclude-artifacts</c>).</summary>
    public bool ExcludeArtifacts { get; set; }

    /// <summary>The artifact segmenter's name or manifest path (<c>artifact-segmenter</c>).</summary>
    public string ArtifactSegmenter { get; set; } = "grandqc-artifacts";

    /// <summary>Tile overlap in pixels at the model resolution (<c>overlap</c>).</summary>
    public int Overlap { get; set; }

    /// <summary>Minimum tissue fraction per tile (<c>min-tissue</c>).</summary>
    public double MinTissue { get; set; } = Tiling.TilingOptions.DefaultMinTissueFraction;

    /// <summary>Tile cap per slide (<c>max-tiles</c>).</summary>
    public int? MaxTiles { get; set; }

    /// <summary>Inference devices (<c>device</c>).</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>Allow CPU when a GPU cannot be used (<c>allow-cpu-fallback</c>).</summary>
    public bool AllowCpuFallback { get; set; }

    /// <summary>Run batches through an I/O binding (<c>io-binding</c>).</summary>
    public bool IoBinding { get; set; } = true;

    /// <summary>CUDA arena limit in MiB, 0 = none (<c>cuda-mem-limit-mib</c>).</summary>
    public int CudaMemLimitMib { get; set; }

    /// <summary>CUDA arena growth (<c>cuda-arena</c>).</summary>
    public string CudaArena { get; set; } = "same-as-requested";

    /// <summary>cuDNN convolution search (<c>cudnn-conv-search</c>).</summary>
    public string CudnnConvSearch { get; set; } = "heuristic";

    /// <summary>Allow TF32 on the GPU (<c>cuda-tf32</c>).</summary>
    public bool CudaTf32 { get; set; }

    /// <summary>Copy in CUDA's default stream (<c>cuda-copy-default-stream</c>).</summary>
    public bool CudaCopyDefaultStream { get; set; } = true;

    /// <summary>TensorRT fp16 kernels (<c>trt-fp16</c>).</summary>
    public bool TrtFp16 { get; set; }

    /// <summary>TensorRT cache folder; a leading <c>~</c> is the home folder (<c>trt-cache</c>).</summary>
    public string TrtCache { get; set; } = "~/.cache/slideembed/trt";

    /// <summary>TensorRT builder workspace in MiB (<c>trt-workspace-mib</c>).</summary>
    public int TrtWorkspaceMib { get; set; } = 4096;

    /// <summary>Intra-op threads per CPU session, 0 = all cores (<c>threads</c>).</summary>
    public int Threads { get; set; }

    /// <summary>ONNX Runtime graph optimisation level (<c>optimization</c>).</summary>
    public string Optimization { get; set; } = "all";

    /// <summary>Tiles per batch (<c>batch-size</c>).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Tile reader workers, 0 = one per core, 2 to 8, or the core count minus one with a GPU device (<c>readers</c>).</summary>
    public int Readers { get; set; }

    /// <summary>Memory in MiB for the tiles of slides read ahead of the one being encoded, 0 = no prefetch (<c>prefetch-mib</c>).</summary>
    public int PrefetchMib { get; set; } = 1024;

    /// <summary>Fraction of unreadable tiles that fails a slide (<c>max-failed-tiles</c>).</summary>
    public double MaxFailedTiles { get; set; } = 0.05;

    /// <summary>Slide-level aggregation (<c>slide-encoder</c>): <c>mean</c>, <c>max</c>, <c>gigapath-slide</c> or <c>none</c>.</summary>
    public string SlideEncoder { get; set; } = "mean";

    /// <summary>Annotate embedding columns as <c>arrow.fixed_shape_tensor</c> (<c>tensor-extension</c>).</summary>
    public bool TensorExtension { get; set; }

    /// <summary>Redo slides whose outputs are complete and current (<c>force</c>).</summary>
    public bool Force { get; set; }

    /// <summary>The shard of the slide list to embed (<c>shard</c>): <c>K/N</c>, <c>auto</c>, or null for the whole list; see <see cref="Slides.SlideShard"/>.</summary>
    public string? Shard { get; set; }

    /// <summary>
    /// Whether CPU encoders take turns at this host's cores with other SlideEmbed processes (<c>share-cores</c>):
    /// <c>auto</c> (with <see cref="Shard"/>), <c>on</c> or <c>off</c>; see <see cref="Pipeline.HostCoreSlots"/>.
    /// </summary>
    public string ShareCores { get; set; } = "auto";

    /// <summary>Log format: <c>auto</c> (bars on a terminal, lines otherwise), <c>plain</c> or <c>json</c> (<c>log-format</c>).</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>The drop folder of the worker (<c>drop</c>).</summary>
    public string? Drop { get; set; }

    /// <summary>How long a dropped slide must stay unchanged before it is taken (<c>quiet-period</c>).</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of the worker's full rescan (<c>rescan-interval</c>).</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts per dropped slide (<c>max-attempts</c>).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt, doubling for each later one (<c>retry-delay</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What happens to finished sources (<c>finished</c>): <c>move</c> or <c>marker</c>.</summary>
    public string Finished { get; set; } = "move";

    /// <summary>Time the current slide may take to finish on shutdown (<c>grace-period</c>).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The worker's status file, or null for the default (<c>status-file</c>).</summary>
    public string? StatusFile { get; set; }
}
