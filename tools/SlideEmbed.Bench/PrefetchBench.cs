using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Configuration;
using SlideEmbed.Geometry;
using SlideEmbed.Models;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Slides;
using SlideEmbed.Synthetic;
using SlideEmbed.Tissue;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>prefetch</c>: how long the encoder waits over a batch run of many small slides, one slide at a time
/// against the default cross-slide prefetch, interleaved in one run. The real batch loop, job and pipeline
/// (OpenSlide, default tissue detector, 2 readers on this machine, Arrow tile files) feed a
/// <see cref="SimulatedGpuEncoder"/> that takes a GPU's wall time and no CPU.
/// </summary>
internal static class PrefetchBench
{
    // 4096 x 3072 at 0.5 um/px: about a hundred 256 px tissue tiles, a few batches a slide.
    private const long Width = 4096;
    private const long Height = 3072;

    public static async Task RunAsync(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var count = args.Int("slides", 20);
        var runs = args.Int("runs", 3);
        var rate = args.Int("device-tiles-per-s", 400);
        var batchSize = args.Int("batch-size", 32);
        args.ThrowIfUnused();
        var slides = EnsureSlides(data, count);
        var manifest = ModelManifest.Load(Path.Combine(BenchData.RepositoryRoot(), "tests", "models", "tiny-f32.json"));
        report.Line($"prefetch: {count} slides of {Width} x {Height} at 0.5 um/px, {manifest.Name} preprocessing (read 256 px, resize 224), batch {batchSize}, simulated device at {rate} tiles/s, {new EmbeddingPipelineOptions().Readers} readers");

        await Measure(data, slides[..2], manifest, rate, batchSize, prefetch: true).ConfigureAwait(false); // warm-up
        var results = new Dictionary<bool, List<Result>> { [false] = [], [true] = [] };
        for (var r = 0; r < runs; r++)
        {
            foreach (var prefetch in r % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var m = await Measure(data, slides, manifest, rate, batchSize, prefetch).ConfigureAwait(false);
                results[prefetch].Add(m);
                report.Line($"  run {r + 1}, prefetch {(prefetch ? $"on ({m.SlidesAhead} slides ahead)" : "off")}: {m.Wall:0.00} s, {m.Tiles} tiles, encoder idle {100 * m.IdleFraction:0.0} % of the wall time: {100 * m.WaitFraction:0.0} % waiting between its first and last batch, {1000 * m.LeadIn:0} ms before the first batch, {1000 * m.Tail:0} ms after the last");
            }
        }

        foreach (var prefetch in new[] { false, true })
        {
            var list = results[prefetch];
            var idle = Stats.Of(list.Select(m => m.IdleFraction));
            var wait = Stats.Of(list.Select(m => m.WaitFraction));
            var leadIn = Stats.Of(list.Select(m => m.LeadIn));
            var wall = Stats.Of(list.Select(m => m.Wall));
            report.Line($"  prefetch {(prefetch ? "on " : "off")}: encoder idle {100 * idle.Median:0.0} % (min {100 * idle.Min:0.0}, max {100 * idle.Max:0.0}, n={list.Count}), of which waiting between its first and last batch {100 * wait.Median:0.0} % (min {100 * wait.Min:0.0}, max {100 * wait.Max:0.0}) and {1000 * leadIn.Median:0} ms before the first batch; wall {wall.Median:0.00} s");
            report.Json[prefetch ? "prefetch_on" : "prefetch_off"] = new JsonObject
            {
                ["slides_ahead"] = list[0].SlidesAhead,
                ["idle_fraction"] = Report.StatsJson(idle),
                ["wait_fraction"] = Report.StatsJson(wait),
                ["lead_in_s"] = Report.StatsJson(leadIn),
                ["tail_s"] = Report.StatsJson(Stats.Of(list.Select(m => m.Tail))),
                ["wall_s"] = Report.StatsJson(wall),
                ["tiles"] = list[0].Tiles,
            };
        }

        report.Json["slides"] = count;
        report.Json["device_tiles_per_s"] = rate;
        report.Json["batch_size"] = batchSize;
        report.Json["readers"] = new EmbeddingPipelineOptions().Readers;
    }

    private static async Task<Result> Measure(BenchData data, IReadOnlyList<SlideInput> slides, ModelManifest manifest, int rate, int batchSize, bool prefetch)
    {
        var opener = new OpenSlideOpener();
        var pipeline = new TileEmbeddingPipeline(opener, new TilePreprocessor(manifest.Transform), [new SimulatedGpuEncoder(manifest, rate)], new EmbeddingPipelineOptions { BatchSize = batchSize });
        var sinks = new ArrowTileSinkFactory();
        var job = new SlideEmbeddingJob(opener, TissueDetectorFactory.Create(TissueDetectorFactory.DefaultName), manifest, pipeline, sinks, new JobTilingOptions());
        var ahead = prefetch ? pipeline.SlidesAheadWithin(new SlideEmbedOptions().PrefetchMib * 1024L * 1024L) : 0;
        var runner = new BatchRunner(new SlideRun(job, sinks, null, MppOverrides.Create(null, null)), new BatchRunnerOptions { SlidesAhead = ahead, Activity = pipeline.Activity });
        var run = new RunReport { StartedUtc = DateTimeOffset.UtcNow, Model = manifest.Name, Settings = new Dictionary<string, string?>() };
        var outDir = Path.Combine(data.ScratchFolder, "prefetch-out");
        var started = Stopwatch.GetTimestamp();
        await runner.RunAsync(slides, [], outDir, run, force: true, dryRun: false, progress: null, CancellationToken.None).ConfigureAwait(false);
        var ended = Stopwatch.GetTimestamp();
        if (run.Slides.FirstOrDefault(s => s.Status != SlideStatus.Done) is { } bad)
        {
            throw new InvalidOperationException($"slide '{bad.Path}' was not embedded: {bad.Error}");
        }

        var use = run.Encoder ?? throw new InvalidOperationException("nothing was encoded");
        // One encoder: between its first batch's start and its last batch's end it is either encoding or waiting
        // for tiles, whichever slide they come from (prefetched slides' batches may interleave).
        var spans = pipeline.Activity.Slides();
        var first = spans.Min(s => s.FirstStart);
        var last = spans.Max(s => s.LastEnd);
        var window = (double)(last - first) / Stopwatch.Frequency;
        var wall = (double)(ended - started) / Stopwatch.Frequency;
        var waiting = Math.Max(0, window - pipeline.Activity.BusySeconds);
        return new Result(ahead, use.WallSeconds, use.IdleFraction, waiting / use.WallSeconds, (double)(first - started) / Stopwatch.Frequency, Math.Max(0, wall - ((double)(last - started) / Stopwatch.Frequency)), run.Slides.Sum(s => s.Tiles));
    }

    /// <summary>Writes one small synthetic slide once and copies it to the other names (distinct files, same content).</summary>
    private static List<SlideInput> EnsureSlides(BenchData data, int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(data.Folder, "prefetch")).FullName;
        var first = Path.Combine(folder, "slide-00.svs");
        if (!File.Exists(first))
        {
            var spec = SyntheticSlides.TissueWithHoles(Width, Height, MicronsPerPixel.Isotropic(0.5), SyntheticSlideStyle.Aperio) with { Downsamples = [1, 4, 16] };
            SyntheticSlideWriter.Write(first, spec);
        }

        var slides = new List<SlideInput>();
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"slide-{i:00}.svs"));
            if (!File.Exists(path))
            {
                File.Copy(first, path);
            }

            slides.Add(new SlideInput(path));
        }

        return slides;
    }

    /// <param name="WaitFraction">Encoder idle between its first batch's start and its last batch's end, over the wall time.</param>
    /// <param name="LeadIn">Seconds from the run's start to the first batch (the first slide's open, tissue detection and first reads).</param>
    /// <param name="Tail">Seconds from the last batch's end to the run's end (the last slide's outputs).</param>
    private sealed record Result(int SlidesAhead, double Wall, double IdleFraction, double WaitFraction, double LeadIn, double Tail, int Tiles);
}
