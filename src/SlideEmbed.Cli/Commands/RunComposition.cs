using SlideEmbed.Aggregation;
using SlideEmbed.Arrow;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// Everything a run builds once from its settings, the same for <c>embed</c> and <c>watch</c>: the model,
/// its ONNX encoders, tissue detection, tiling, the tile pipeline, Arrow files, the slide-level step and
/// the batch runner. Owns the encoders.
/// </summary>
internal sealed class RunComposition : IDisposable
{
    private RunComposition(ModelManifest manifest, BatchRunner runner, OpenSlideOpener opener, IReadOnlyList<OnnxTileEncoder> encoders)
    {
        Manifest = manifest;
        Runner = runner;
        Opener = opener;
        Encoders = encoders;
    }

    /// <summary>The tile encoder's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The batch runner.</summary>
    public BatchRunner Runner { get; }

    /// <summary>The slide opener the runner uses.</summary>
    public OpenSlideOpener Opener { get; }

    /// <summary>The loaded encoders (none for a dry run).</summary>
    public IReadOnlyList<OnnxTileEncoder> Encoders { get; }

    /// <summary>Builds the run.</summary>
    /// <param name="options">The settings; <see cref="SlideEmbedOptions.Model"/> is required.</param>
    /// <param name="loadEncoders">False for a dry run: the model file is not loaded and nothing can be encoded.</param>
    /// <param name="warnings">Receives warnings (e.g. a CPU fallback).</param>
    /// <returns>The composition; dispose it to free the encoders.</returns>
    /// <exception cref="ModelManifestException">Unknown model, invalid manifest or missing model file.</exception>
    /// <exception cref="EncoderUnavailableException">The requested device cannot be used.</exception>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public static RunComposition Create(SlideEmbedOptions options, bool loadEncoders, Action<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        var catalog = ModelCatalog.Default();
        var manifest = catalog.Find(options.Model ?? throw new ArgumentException("A model is required."));
        var overrides = MppOverrides.Create(options.SlideMpp, options.SlideMppCsv, options.SlideMppForce ? MppOverrideMode.Force : MppOverrideMode.Fallback);
        var devices = EncoderDevice.ParseList(options.Device);
        var detector = SegmenterDetectors.Create(options.Tissue, options.ExcludePen, catalog, EncoderSessions.Options(options, devices), warnings, options.ExcludeArtifacts, options.ArtifactSegmenter, TurboJpegRoundTrip.Create);
        var readers = options.Readers > 0 ? options.Readers : EmbeddingPipelineOptions.DefaultReaders(devices.Any(d => d.Kind != EncoderDeviceKind.Cpu));
        var shareCores = options.ShareCores == "on" || (options.ShareCores == "auto" && options.Shard is not null);
        var pipelineOptions = new EmbeddingPipelineOptions
        {
            BatchSize = options.BatchSize,
            Readers = readers,
            MaxFailedTileFraction = options.MaxFailedTiles,
            CpuSlots = shareCores && devices.Any(d => d.Kind == EncoderDeviceKind.Cpu) ? HostCoreSlots.ForThisProcess(options.Threads, warnings) : null,
        };
        pipelineOptions.Validate();
        var tiling = new JobTilingOptions { Overlap = options.Overlap, MinTissueFraction = options.MinTissue, MaxTiles = options.MaxTiles };
        var aggregation = SlideAggregators.Create(options.SlideEncoder, manifest);
        var slideLevel = aggregation is null ? null : new ArrowSlideLevelStep(aggregation, manifest.Name, options.TensorExtension);
        var modelPath = loadEncoders ? catalog.LocateModelFile(manifest) : string.Empty;
        IReadOnlyList<OnnxTileEncoder> encoders = loadEncoders
            ? EncoderSessions.Create(modelPath, manifest, options, devices, warnings)
            : [];
        VerifyParity(encoders, manifest, modelPath, warnings);
        var opener = new OpenSlideOpener();
        var pipeline = new TileEmbeddingPipeline(opener, new TilePreprocessor(manifest.Transform), encoders.Count > 0 ? encoders : [new NoEncoder(manifest)], pipelineOptions);
        var sinks = new ArrowTileSinkFactory(options.TensorExtension);
        var job = new SlideEmbeddingJob(opener, detector, manifest, pipeline, sinks, tiling);
        var prefetch = new BatchRunnerOptions { SlidesAhead = PrefetchSlides(pipeline, options.PrefetchMib, warnings), Activity = pipeline.Activity };
        return new RunComposition(manifest, new BatchRunner(new SlideRun(job, sinks, slideLevel, overrides), prefetch), opener, encoders);
    }

    /// <summary>Frees the encoders.</summary>
    public void Dispose()
    {
        foreach (var e in Encoders)
        {
            e.Dispose();
        }
    }

    /// <summary>Slides read ahead within the <c>prefetch-mib</c> budget; a budget too small for one slide is said, not silently ignored.</summary>
    private static int PrefetchSlides(TileEmbeddingPipeline pipeline, int mib, Action<string> warnings)
    {
        var slides = pipeline.SlidesAheadWithin(mib * 1024L * 1024L);
        if (mib > 0 && slides == 0)
        {
            warnings($"prefetch is off: --prefetch-mib {mib} is less than one slide's read-ahead ({(pipeline.ReadAheadBytes + (1 << 20) - 1) >> 20} MiB at this batch size and model).");
        }

        return slides;
    }

    /// <summary>Runs the model file's parity check once per file; a failing model is refused (its encoders freed).</summary>
    private static void VerifyParity(IReadOnlyList<OnnxTileEncoder> encoders, ModelManifest manifest, string modelPath, Action<string> warnings)
    {
        if (encoders.Count == 0)
        {
            return;
        }

        try
        {
            ParityGate.Ensure(encoders[0], manifest, modelPath, VerificationCache.Default(), warnings);
        }
        catch
        {
            foreach (var e in encoders)
            {
                e.Dispose();
            }

            throw;
        }
    }

    /// <summary>Stands in for the encoder in a dry run, where nothing is encoded.</summary>
    private sealed class NoEncoder(ModelManifest manifest) : ITileEncoder
    {
        public string Device => "none";

        public int Dimension => manifest.Dimension;

        public int InputSize => manifest.InputSize;

        public ModelPrecision Precision => manifest.Precision;

        public void Encode(EncoderBatch batch, Span<float> embeddings) =>
            throw new InvalidOperationException("A dry run does not encode.");

        public void Dispose()
        {
        }
    }
}
