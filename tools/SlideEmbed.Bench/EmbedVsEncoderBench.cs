using System.Diagnostics;
using System.Globalization;
using SlideEmbed.Arrow;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Tiling;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>embed-vs-encoder</c>: tiles/s of the embedding pipeline with the real ONNX encoder (readers,
/// preprocessing, batcher, inference, ordered Arrow tile file) against the same encoder session running
/// pre-made batches of the very same preprocessed tiles back to back. The ratio says how much of the
/// model's speed the pipeline delivers. Time spent inside the encoder during the pipeline run is
/// reported too, to tell pipeline stalls from slower inference.
/// </summary>
internal static class EmbedVsEncoderBench
{
    public static async Task RunAsync(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var n = args.Int("tiles", 256);
        var runs = args.Int("runs", 4);
        var batchSize = args.Int("batch-size", 32);
        var model = args.String("model");
        var randomInput = args.String("random-input", "no") == "yes";
        var readers = args.Int("readers", new EmbeddingPipelineOptions().Readers);
        var spinning = args.String("spinning", "yes") != "no";
        args.ThrowIfUnused();
        var slidePath = BenchData.Require(data.Gigapixel);
        var (manifest, onnx) = BenchModel.Resolve(data, model);
        var grid = TileSelection.Select(slidePath, n, manifest.EdgeAtTargetPx, manifest.TileMpp);
        var options = new EmbeddingPipelineOptions { BatchSize = batchSize, Readers = readers };
        var encoders = OnnxTileEncoder.Create(onnx, manifest, new OnnxEncoderOptions { BatchSize = batchSize, IntraOpSpinning = spinning });
        try
        {
            var encoder = encoders[0];
            var timed = new TimedEncoder(encoder);
            var pipeline = new TileEmbeddingPipeline(new OpenSlideOpener(), new TilePreprocessor(manifest.Transform), [timed], options);
            report.Line($"embed-vs-encoder: model {manifest.Name}, {n} tiles of {Path.GetFileName(slidePath)} (read {grid.EdgeAtReadLevelPx} px at level {grid.ReadLevel}), batch {batchSize}, {options.Readers} readers, ORT intra-op threads = all cores, spinning {(spinning ? "on" : "off")}");
            var premade = Premade(slidePath, grid, manifest, batchSize, randomInput);

            // Warm-up: one batch through the encoder alone and one through the pipeline.
            EncoderOnly(encoder, premade.Take(1));
            await PipelineRun(pipeline, slidePath, grid with { Tiles = grid.Tiles.Take(batchSize).ToList() }, data, manifest).ConfigureAwait(false);

            // Interleaved so both see the same background load.
            var encoderRates = new List<double>();
            var pipelineRates = new List<double>();
            var insideRates = new List<double>();
            var pairRatios = new List<double>();
            var encoderCpu = new List<double>();
            var pipelineCpu = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                // Pairs alternate their order (encoder first, then pipeline first), so a load that rises or
                // falls during the benchmark favours neither.
                double encoderSeconds = 0, pipelineSeconds = 0, encoderCpuSeconds = 0, pipelineCpuSeconds = 0;
                for (var half = 0; half < 2; half++)
                {
                    var cpu0 = CpuSeconds();
                    if ((half == 0) == (r % 2 == 0))
                    {
                        encoderSeconds = EncoderOnly(encoder, premade);
                        encoderCpuSeconds = CpuSeconds() - cpu0;
                    }
                    else
                    {
                        timed.Reset();
                        pipelineSeconds = await PipelineRun(pipeline, slidePath, grid, data, manifest).ConfigureAwait(false);
                        pipelineCpuSeconds = CpuSeconds() - cpu0;
                    }
                }

                encoderRates.Add(n / encoderSeconds);
                pipelineRates.Add(n / pipelineSeconds);
                insideRates.Add(n / timed.Seconds);
                pairRatios.Add(pipelineRates[^1] / encoderRates[^1]);
                encoderCpu.Add(1000 * encoderCpuSeconds / n);
                pipelineCpu.Add(1000 * pipelineCpuSeconds / n);
                report.Line($"  run {r + 1} ({(r % 2 == 0 ? "encoder first" : "pipeline first")}): encoder only {encoderRates[^1]:0.00} tiles/s ({encoderCpu[^1]:0} CPU ms/tile); pipeline {pipelineRates[^1]:0.00} tiles/s ({pipelineCpu[^1]:0} CPU ms/tile), of which inside the encoder {timed.Seconds:0.0} s; pair ratio {pairRatios[^1]:0.000}");
            }

            var e = Stats.Of(encoderRates);
            var p = Stats.Of(pipelineRates);
            var inside = Stats.Of(insideRates);
            var pairs = Stats.Of(pairRatios);
            var ec = Stats.Of(encoderCpu);
            var pc = Stats.Of(pipelineCpu);
            var ratio = p.Median / e.Median;
            report.Line($"  encoder only (pre-made batches of the same tiles{(randomInput ? ", random values" : string.Empty)}): {e.Median:0.00} tiles/s (min {e.Min:0.00}, max {e.Max:0.00}, n={runs}), {ec.Median:0} CPU ms/tile");
            report.Line($"  embed pipeline end to end: {p.Median:0.00} tiles/s (min {p.Min:0.00}, max {p.Max:0.00}), {pc.Median:0} CPU ms/tile; encoder calls inside it alone would give {inside.Median:0.00} tiles/s");
            var cpuRatio = ec.Median / pc.Median;
            report.Line($"  ratio pipeline / encoder: {ratio:0.000} (medians), {pairs.Median:0.000} (median of back-to-back pairs); CPU per tile encoder / pipeline {cpuRatio:0.000}");
            report.Line($"  target >= 0.9: {(ratio >= 0.9 && pairs.Median >= 0.9 ? "met" : "NOT met")}");
            var json = report.Json;
            json["model"] = manifest.Name;
            json["model_display_name"] = manifest.DisplayName;
            json["onnx_bytes"] = new FileInfo(onnx).Length;
            json["slide"] = Path.GetFileName(slidePath);
            json["tiles"] = n;
            json["batch_size"] = batchSize;
            json["readers"] = options.Readers;
            json["intra_op_spinning"] = spinning;
            json["encoder_input"] = randomInput ? "random values" : "the same preprocessed tiles";
            json["encoder_only_tiles_per_s"] = Report.StatsJson(e, 3);
            json["pipeline_tiles_per_s"] = Report.StatsJson(p, 3);
            json["pipeline_inside_encoder_tiles_per_s"] = Report.StatsJson(inside, 3);
            json["encoder_only_cpu_ms_per_tile"] = Report.StatsJson(ec, 1);
            json["pipeline_cpu_ms_per_tile"] = Report.StatsJson(pc, 1);
            json["ratio_pipeline_over_encoder"] = Math.Round(ratio, 4);
            json["ratio_pipeline_over_encoder_pairs"] = Report.StatsJson(pairs, 4);
            json["ratio_cpu_per_tile_encoder_over_pipeline"] = Math.Round(cpuRatio, 4);
            json["target_ratio_0_9_met"] = ratio >= 0.9 && pairs.Median >= 0.9;
        }
        finally
        {
            foreach (var enc in encoders)
            {
                enc.Dispose();
            }
        }
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    // The tiles of `grid` read and preprocessed once, in full batches (the last one partial), or random values.
    private static List<EncoderBatch> Premade(string slidePath, TileGrid grid, ModelManifest manifest, int batchSize, bool random)
    {
        using var slide = OpenSlideSource.Open(slidePath);
        var pre = new TilePreprocessor(manifest.Transform);
        var pixels = new byte[grid.EdgeAtReadLevelPx * grid.EdgeAtReadLevelPx * 3];
        var scratch = new byte[pre.ScratchBytes(grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx)];
        var rng = new Random(1234);
        var batches = new List<EncoderBatch>();
        foreach (var chunk in grid.Tiles.Chunk(batchSize))
        {
            var batch = new EncoderBatch(batchSize, manifest.InputSize, manifest.Precision);
            for (var k = 0; k < chunk.Length; k++)
            {
                if (random)
                {
                    var slot = batch.FloatSlot(k);
                    for (var i = 0; i < slot.Length; i++)
                    {
                        slot[i] = (float)((rng.NextDouble() * 4) - 2);
                    }

                    continue;
                }

                slide.ReadTile(grid, chunk[k], pixels);
                if (manifest.Precision == ModelPrecision.Fp16)
                {
                    pre.Process(pixels, grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx, batch.HalfSlot(k), scratch);
                }
                else
                {
                    pre.Process(pixels, grid.EdgeAtReadLevelPx, grid.EdgeAtReadLevelPx, batch.FloatSlot(k), scratch);
                }
            }

            batch.Count = chunk.Length;
            batches.Add(batch);
        }

        return batches;
    }

    // Seconds to encode the batches back to back.
    private static double EncoderOnly(OnnxTileEncoder encoder, IEnumerable<EncoderBatch> batches)
    {
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            encoder.Encode(batch, new float[batch.Count * encoder.Dimension]);
        }

        return clock.Elapsed.TotalSeconds;
    }

    // Seconds for the pipeline to embed `grid` into an Arrow tile file (opened, written, committed).
    private static async Task<double> PipelineRun(TileEmbeddingPipeline pipeline, string slidePath, TileGrid grid, BenchData data, ModelManifest manifest)
    {
        Directory.CreateDirectory(data.ScratchFolder);
        var file = Path.Combine(data.ScratchFolder, "embed-vs-encoder.tiles.arrow");
        var clock = Stopwatch.StartNew();
        using (var slide = OpenSlideSource.Open(slidePath))
        using (var sink = new ArrowTileSinkFactory().Create(file, "bench", grid, manifest.Dimension, manifest.Precision, new Dictionary<string, string>()))
        {
            var (embedded, failed) = await pipeline.RunAsync(slide, grid, sink).ConfigureAwait(false);
            if (embedded != grid.Tiles.Count || failed != 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{embedded} tiles embedded, {failed} failed, of {grid.Tiles.Count}."));
            }

            sink.Commit();
        }

        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(file);
        return seconds;
    }
}
