using System.CommandLine;
using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Commands;

/// <summary><c>slideembed embed &lt;slide&gt;... --model NAME --out DIR</c>: tile embeddings per slide.</summary>
public static class EmbedCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var slides = new Argument<string[]>("slides") { Description = "Slide files.", Arity = ArgumentArity.OneOrMore };
        var model = new Option<string>("--model", "-m") { Description = "Model name (see manifests/) or path to a manifest JSON.", Required = true };
        var output = CommonOptions.Out();
        var batch = new Option<int>("--batch-size") { Description = "Tiles per inference batch.", DefaultValueFactory = _ => 32 };
        var readers = new Option<int>("--readers") { Description = "Tile reader workers.", DefaultValueFactory = _ => new EmbeddingPipelineOptions().Readers };
        var device = new Option<string>("--device") { Description = "Where inference runs: cpu, cuda:N, tensorrt:N, or a comma-separated list (one session per device, sharing the work).", DefaultValueFactory = _ => "cpu" };
        var fallback = new Option<bool>("--allow-cpu-fallback") { Description = "Run on the CPU when a requested GPU cannot be used (otherwise that is an error)." };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads per CPU session (0 = all cores).", DefaultValueFactory = _ => 0 };
        var maxFailed = new Option<double>("--max-failed-tiles") { Description = "Fail a slide when more than this fraction of its tiles cannot be read.", DefaultValueFactory = _ => 0.05 };
        var overlap = CommonOptions.Overlap();
        var minTissue = CommonOptions.MinTissue();
        var maxTiles = CommonOptions.MaxTiles();
        var tissue = CommonOptions.Tissue();
        var pen = CommonOptions.ExcludePen();
        var slideMpp = CommonOptions.Mpp();
        var slideMppCsv = CommonOptions.MppCsv();
        var command = new Command("embed", "Embed the tissue tiles of slides with a pathology foundation model (ONNX); writes <out>/<model>/<slide>.tiles.arrow with QC pictures and GeoJSON.")
        {
            slides, model, output, batch, readers, device, fallback, threads, maxFailed, overlap, minTissue, maxTiles, tissue, pen, slideMpp, slideMppCsv,
        };
        command.SetAction(async (parse, ct) =>
        {
            ModelManifest manifest;
            IReadOnlyList<OnnxTileEncoder> encoders;
            SlideEmbeddingJob job;
            MppOverrides overrides;
            try
            {
                var catalog = ModelCatalog.Default();
                manifest = catalog.Find(parse.GetValue(model)!);
                var modelFile = catalog.LocateModelFile(manifest);
                overrides = MppOverrides.Create(parse.GetValue(slideMpp), parse.GetValue(slideMppCsv));
                var detector = TissueDetectorFactory.Create(parse.GetValue(tissue)!, parse.GetValue(pen));
                var pipelineOptions = new EmbeddingPipelineOptions { BatchSize = parse.GetValue(batch), Readers = parse.GetValue(readers), MaxFailedTileFraction = parse.GetValue(maxFailed) };
                pipelineOptions.Validate();
                var tiling = new JobTilingOptions { Overlap = parse.GetValue(overlap), MinTissueFraction = parse.GetValue(minTissue), MaxTiles = parse.GetValue(maxTiles) };
                encoders = OnnxTileEncoder.Create(modelFile, manifest, new OnnxEncoderOptions
                {
                    Devices = EncoderDevice.ParseList(parse.GetValue(device)!),
                    AllowCpuFallback = parse.GetValue(fallback),
                    IntraOpThreads = parse.GetValue(threads),
                    BatchSize = pipelineOptions.BatchSize,
                }, context.Error.WriteLine);
                var pipeline = new TileEmbeddingPipeline(new OpenSlideOpener(), new TilePreprocessor(manifest.Transform), encoders, pipelineOptions);
                job = new SlideEmbeddingJob(new OpenSlideOpener(), detector, manifest, pipeline, new ArrowTileSinkFactory(), tiling);
            }
            catch (Exception e) when (e is ModelManifestException or EncoderUnavailableException or ArgumentException or FormatException or IOException)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.Usage;
            }

            try
            {
                if (!manifest.Trained)
                {
                    context.Error.WriteLine($"note: model '{manifest.Name}' ({manifest.DisplayName}) has random weights and is NOT trained; its embeddings are for demonstrations and tests only.");
                }

                var outDir = Path.Combine(Path.GetFullPath(parse.GetValue(output)!), manifest.Name);
                var paths = parse.GetValue(slides)!.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
                var ids = SlideIds.Assign(paths);
                var failed = 0;
                foreach (var path in paths)
                {
                    try
                    {
                        var r = await job.RunAsync(path, ids[path], outDir, overrides, null, ct).ConfigureAwait(false);
                        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{r.SlideId}: {r.Tiles} tiles embedded with {manifest.Name} in {r.Seconds:0.0} s ({(r.Tiles / Math.Max(r.Seconds, 1e-9)):0.0} tiles/s){(r.FailedTiles > 0 ? $", {r.FailedTiles} unreadable" : string.Empty)} -> {r.TilesFile}"));
                    }
                    catch (SlideException e)
                    {
                        failed++;
                        context.Error.WriteLine($"error: {e.Message}");
                    }
                }

                return ExitCodes.ForBatch(paths.Count, failed);
            }
            finally
            {
                foreach (var e in encoders)
                {
                    e.Dispose();
                }
            }
        });
        return command;
    }
}
