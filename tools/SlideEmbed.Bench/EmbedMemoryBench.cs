using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Models;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Tissue;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>embed-memory</c>: peak RSS of the whole embed path (what <c>slideembed embed</c> runs: open, detect,
/// tile, QC outputs, pipeline, Arrow file) on the gigapixel slide and on the slide 4x smaller per side,
/// each in a fresh process, with the same tile cap so only the slide size differs.
/// </summary>
internal static class EmbedMemoryBench
{
    public const double TargetMiB = 2048;

    public static void Run(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var maxTiles = args.Int("max-tiles", 64);
        var runs = args.Int("runs", 3);
        var model = args.String("model");
        args.ThrowIfUnused();
        var (manifest, _) = BenchModel.Resolve(data, model);
        var manifestPath = manifest.ManifestPath!;
        report.Line($"embed-memory: model {manifest.Name}, tile cap {(maxTiles > 0 ? maxTiles.ToString(CultureInfo.InvariantCulture) : "none")}, fresh process per run");
        var results = new JsonObject();
        var peaks = new Dictionary<string, double>();
        foreach (var (name, path) in new[] { ("small", BenchData.Require(data.Small)), ("gigapixel", BenchData.Require(data.Gigapixel)) })
        {
            var children = Enumerable.Range(0, runs)
                .Select(_ => ProcessMemory.RunChild(["embed-child", "--slide", path, "--model", manifestPath, "--max-tiles", maxTiles.ToString(CultureInfo.InvariantCulture), "--data", data.Folder]))
                .ToList();
            var peak = Stats.Of(children.Select(c => (double)c["peak_rss_mib"]!));
            var afterLoad = Stats.Of(children.Select(c => (double)c["peak_rss_after_load_mib"]!));
            var c0 = children[0];
            peaks[name] = peak.Median;
            results[name] = new JsonObject
            {
                ["slide"] = Path.GetFileName(path),
                ["level0"] = c0["level0"]!.DeepClone(),
                ["tiles"] = c0["tiles"]!.DeepClone(),
                ["seconds"] = c0["seconds"]!.DeepClone(),
                ["peak_rss_mib"] = Report.StatsJson(peak, 1),
                ["peak_rss_after_model_load_mib"] = Report.StatsJson(afterLoad, 1),
                ["managed_allocated_mib"] = c0["managed_allocated_mib"]!.DeepClone(),
                ["gc_count_gen2"] = c0["gc_count_gen2"]!.DeepClone(),
            };
            report.Line($"  {name,-9} {c0["level0"]}: {c0["tiles"]} tiles in {(double)c0["seconds"]!:0.0} s; peak RSS {peak.Median:0} MiB (after model load {afterLoad.Median:0} MiB), managed allocations {c0["managed_allocated_mib"]} MiB");
        }

        var ratio = peaks["gigapixel"] / peaks["small"];
        var under = peaks.Values.All(v => v < TargetMiB);
        report.Line($"  peak RSS gigapixel / small: {ratio:0.000}; under 2 GiB: {(under ? "met" : "NOT met")}");
        var json = report.Json;
        json["model"] = manifest.Name;
        json["max_tiles"] = maxTiles;
        json["runs"] = results;
        json["peak_rss_ratio_gigapixel_over_small"] = Math.Round(ratio, 4);
        json["target_under_2gib_met"] = under;
    }

    /// <summary>One embed of one slide in this (fresh) process, then its peak memory.</summary>
    public static async Task ChildAsync(BenchArgs args, TextWriter output)
    {
        var data = BenchData.From(args);
        var path = args.String("slide") ?? throw new ArgumentException("--slide is required.");
        var manifest = ModelManifest.Load(args.String("model") ?? throw new ArgumentException("--model is required."));
        var maxTiles = args.Int("max-tiles", 64);
        args.ThrowIfUnused();
        var onnx = new ModelCatalog([], []).LocateModelFile(manifest);
        var options = new EmbeddingPipelineOptions();
        var encoders = OnnxTileEncoder.Create(onnx, manifest, new OnnxEncoderOptions { BatchSize = options.BatchSize });
        try
        {
            var afterLoad = ProcessMemory.PeakRssMiB();
            var pipeline = new TileEmbeddingPipeline(new OpenSlideOpener(), new TilePreprocessor(manifest.Transform), encoders, options);
            var job = new SlideEmbeddingJob(
                new OpenSlideOpener(),
                TissueDetectorFactory.Create(TissueDetectorFactory.DefaultName),
                manifest,
                pipeline,
                new ArrowTileSinkFactory(),
                new JobTilingOptions { MaxTiles = maxTiles > 0 ? maxTiles : null });
            var outDir = Path.Combine(data.ScratchFolder, "embed-memory");
            var result = await job.RunAsync(path, "bench-" + Path.GetFileNameWithoutExtension(path), outDir, null, job.ConfigDigest(path, null, string.Empty), null, CancellationToken.None).ConfigureAwait(false);
            var json = ProcessMemory.Snapshot();
            json["peak_rss_after_load_mib"] = Math.Round(afterLoad, 1);
            json["tiles"] = result.Tiles;
            json["failed"] = result.FailedTiles;
            json["seconds"] = Math.Round(result.Seconds, 3);
            using (var slide = OpenSlideSource.Open(path))
            {
                json["level0"] = string.Create(CultureInfo.InvariantCulture, $"{slide.Levels[0].Width}x{slide.Levels[0].Height}");
            }

            output.WriteLine(json.ToJsonString());
        }
        finally
        {
            foreach (var e in encoders)
            {
                e.Dispose();
            }
        }
    }
}
