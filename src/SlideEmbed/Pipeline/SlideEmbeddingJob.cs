using System.Diagnostics;
using System.Text.Json.Nodes;
using SlideEmbed.Models;
using SlideEmbed.Output;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Pipeline;

/// <summary>
/// Embeds one slide with one model: open, resolve mpp, detect tissue, lay the grid at the model's
/// resolution and read size, write QC outputs, run the embedding pipeline into an atomic tile file.
/// The CLI and the worker both use it.
/// </summary>
public sealed class SlideEmbeddingJob : ISlideJob
{
    private readonly ISlideOpener _opener;
    private readonly ITissueDetector _detector;
    private readonly ModelManifest _manifest;
    private readonly TileEmbeddingPipeline _pipeline;
    private readonly ITileSinkFactory _sinks;
    private readonly JobTilingOptions _tiling;

    /// <summary>Creates the job.</summary>
    /// <param name="opener">Slide library.</param>
    /// <param name="detector">Tissue detector.</param>
    /// <param name="manifest">The model's manifest.</param>
    /// <param name="pipeline">The embedding pipeline of that model.</param>
    /// <param name="sinks">Creates the output file.</param>
    /// <param name="tiling">Overlap, minimum tissue and tile cap (resolution and size come from the manifest).</param>
    /// <exception cref="ArgumentException">The tiling settings do not fit this model (e.g. an overlap not smaller than its tile).</exception>
    public SlideEmbeddingJob(ISlideOpener opener, ITissueDetector detector, ModelManifest manifest, TileEmbeddingPipeline pipeline, ITileSinkFactory sinks, JobTilingOptions tiling)
    {
        _opener = opener;
        _detector = detector;
        _manifest = manifest;
        _pipeline = pipeline;
        _sinks = sinks;
        _tiling = tiling;
        // Settings that cannot tile this model fail here, before any slide, not once per slide.
        Tiling.Validate();
    }

    /// <summary>The tiling options for this model.</summary>
    public TilingOptions Tiling => new()
    {
        TargetMpp = TilingOptions.Target(_manifest.TileMpp),
        EdgeAtTargetPx = _manifest.EdgeAtTargetPx,
        OverlapAtTargetPx = _tiling.Overlap,
        MinTissueFraction = _tiling.MinTissueFraction,
        MaxTiles = _tiling.MaxTiles,
    };

    /// <summary>Schema metadata key of the configuration digest used by resume.</summary>
    public const string DigestKey = "slideembed.config_digest";

    /// <summary>
    /// A digest of everything that changes a slide's outputs besides the slide itself: model (manifest
    /// and ONNX file digests, preprocessing, recipe), tissue detection and its parameters, tiling options,
    /// a forced resolution override that applies to this slide, and <paramref name="extra"/> (the slide encoder and the output format).
    /// </summary>
    /// <param name="path">Slide path.</param>
    /// <param name="mppOverrides">Resolution overrides.</param>
    /// <param name="extra">Further settings that change the outputs.</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    public string ConfigDigest(string path, MppOverrides? mppOverrides, string extra) =>
        SettingsDigest.Of(ModelConfig(_manifest), _detector, Tiling, path, mppOverrides, extra);

    /// <summary>Embeds a slide.</summary>
    /// <param name="path">Slide path.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="outDir">Folder for this model's outputs.</param>
    /// <param name="mppOverrides">Resolution overrides, or null.</param>
    /// <param name="digest">The configuration digest to record (see <see cref="ConfigDigest"/>).</param>
    /// <param name="progress">Receives (tiles done, tiles total), or null.</param>
    /// <param name="cancellationToken">Stops the job; nothing is left half-written.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="SlideException">The slide could not be opened, read or resolved.</exception>
    public async Task<SlideEmbeddingResult> RunAsync(string path, string slideId, string outDir, MppOverrides? mppOverrides, string digest, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fingerprint = SlideFingerprint.Of(path);
        using var slide = _opener.Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties, mppOverrides);
        var tiling = Tiling;
        using var tiled = SlideTiler.Run(slide, resolution, _detector, tiling, cancellationToken: cancellationToken);
        TilingOutputs.Write(outDir, slideId, tiled, slide);
        var config = Provenance.TilingConfig(resolution, tiled.Grid, _detector, tiling.MinTissueFraction, tiling.MaxTiles);
        config["model"] = ModelConfig(_manifest);
        config["tile_count"] = tiled.Grid.Tiles.Count;
        config["slide_width"] = slide.Levels[0].Width;
        config["slide_height"] = slide.Levels[0].Height;
        var metadata = new Dictionary<string, string>
        {
            [Provenance.MetadataKey] = Provenance.Build(path, slideId, fingerprint, config, DateTimeOffset.UtcNow),
            [DigestKey] = digest,
            [SlideRun.TilesIdKey] = Guid.NewGuid().ToString("N"),
        };
        var file = Path.Combine(outDir, slideId + _sinks.Suffix);
        var total = tiled.Grid.Tiles.Count;
        // Embeddings are stored as float32 even for half-precision models: the widening is exact and polars
        // cannot read float16 columns.
        using var sink = _sinks.Create(file, slideId, tiled.Grid, _manifest.Dimension, ModelPrecision.Fp32, metadata);
        var done = progress is null ? null : new InlineProgress<int>(n => progress.Report((n, total)));
        var (_, failed) = await _pipeline.RunAsync(slide, tiled.Grid, sink, done, cancellationToken).ConfigureAwait(false);
        sink.Commit();
        return new SlideEmbeddingResult(slideId, path, total, failed, clock.Elapsed.TotalSeconds, file, resolution, fingerprint)
        {
            Warnings = tiled.Warnings(path, slideId, tiling.MinTissueFraction),
        };
    }

    /// <summary>The model part of the provenance configuration.</summary>
    /// <param name="m">The manifest.</param>
    /// <returns>A JSON object.</returns>
    public static JsonObject ModelConfig(ModelManifest m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new JsonObject
        {
            ["name"] = m.Name,
            ["source"] = m.Source,
            ["trained"] = m.Trained,
            ["manifest_sha256"] = m.ManifestSha256,
            ["onnx_file"] = m.OnnxFile,
            ["onnx_sha256"] = m.OnnxSha256,
            ["recipe"] = m.Recipe.ToString(),
            ["prefix_tokens"] = m.PrefixTokens,
            ["dimension"] = m.Dimension,
            ["precision"] = m.Precision.ToString(),
            ["preprocess"] = new JsonObject
            {
                ["resize"] = m.Transform.ResizeSize,
                ["interpolation"] = m.Transform.Interpolation.ToString(),
                ["crop"] = m.Transform.CropSize,
                ["mean"] = new JsonArray(m.Transform.Mean.Select(v => (JsonNode)v).ToArray()),
                ["std"] = new JsonArray(m.Transform.Std.Select(v => (JsonNode)v).ToArray()),
            },
        };
    }
}
