namespace SlideEmbed.Configuration;

/// <summary>
/// Every setting of an embedding run, shared by the batch CLI and the drop-folder worker. Values come
/// from the configuration file, then <c>SLIDEEMBED_*</c> environment variables, then command-line flags
/// (later wins); <see cref="OptionTable"/> lists each setting once with its key, default and help.
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

    /// <summary>Log format: <c>auto</c> (bars on a terminal, lines otherwise), <c>plain</c> or <c>json</c> (<c>log-format</c>).</summary>
    public string LogFormat { get; set; } = "auto";
}
