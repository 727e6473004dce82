using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Arrow.Cohort;
using SlideEmbed.Cohort;

namespace SlideEmbed.Bench;

/// <summary>
/// The cohort tools at cohort scale: <c>tokens fit</c> peak memory on 1 M x 768 tiles (fresh process),
/// exact <c>search</c> over the same files, token assignment GFLOP/s at 1536 dimensions, and the
/// recall@20 of the IVF index against exact search.
/// </summary>
internal static class CohortBench
{
    private const double FitTargetMiB = 2048;
    private const double SearchTargetSeconds = 1;
    private const double TightSpread = 0.5;

    public static void Run(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var tiles = args.Int("tiles", 1_000_000);
        var dimension = args.Int("dim", 768);
        var slides = args.Int("slides", 100);
        var runs = args.Int("runs", 3);
        var k = args.Int("k", 64);
        var sample = args.Int("sample", 100_000);
        var assignDimension = args.Int("assign-dim", 1536);
        var ivfK = args.Int("ivf-k", 256);
        var queries = args.Int("queries", 30);
        args.ThrowIfUnused();
        var folder = CohortData.Ensure(data, tiles, dimension, slides, report);
        var files = CohortInputs.Files([folder], ".tiles.arrow");
        var threads = Environment.ProcessorCount;
        var json = report.Json;
        json["tiles"] = tiles;
        json["dimension"] = dimension;
        json["slides"] = files.Count;
        json["threads"] = threads;

        // 1. tokens fit in a fresh process: its peak RSS is the fit's alone.
        var fit = ProcessMemory.RunChild(["cohort-fit-child", "--folder", folder, "--k", Text(k), "--sample", Text(sample), "--data", data.Folder]);
        report.Line($"tokens fit, k = {k}, sample {sample} of {tiles} x {dimension}: {(double)fit["seconds"]!:0.0} s ({(double)fit["sample_seconds"]!:0.0} s streaming the files), {fit["iterations"]} iterations, peak RSS {(double)fit["peak_rss_mib"]!:0} MiB; target < {FitTargetMiB:0} MiB: {((double)fit["peak_rss_mib"]! < FitTargetMiB ? "met" : "NOT met")}");
        json["fit"] = fit;

        // 2. exact search, files in the page cache (one warm-up pass).
        var query = CohortSearch.TileEmbedding(files, "slide0000", 0);
        CohortSearch.Tiles(files, query, 20, threads);
        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        using var self = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            CohortSearch.Tiles(files, query, 20, threads);
            seconds.Add(watch.Elapsed.TotalSeconds);
            self.Refresh();
            cpuSeconds.Add((self.TotalProcessorTime - cpu).TotalSeconds);
        }

        var search = Stats.Of(seconds);
        var searchCpu = Stats.Of(cpuSeconds);
        var gigabytes = (double)tiles * dimension * 4 / 1e9;
        report.Line($"search, exact top-20 over {tiles} x {dimension} in {files.Count} files, {threads} threads: median {search.Median:0.000} s wall, {searchCpu.Median:0.000} s CPU over all threads ({gigabytes / search.Median:0.0} GB/s of embeddings); target < {SearchTargetSeconds} s: {(search.Median < SearchTargetSeconds ? "met" : "NOT met")}");
        json["search_seconds"] = Report.StatsJson(search, 4);
        json["search_cpu_seconds"] = Report.StatsJson(searchCpu, 4);
        json["search_gb_per_s"] = Math.Round(gigabytes / search.Median, 2);
        json["search_target_met"] = search.Median < SearchTargetSeconds;

        // 3. assignment throughput: 1 M rows of 1536 in blocks of 16384 against k unit centroids.
        json["assign"] = Assign(report, tiles, assignDimension, k, threads, runs);

        // 4. IVF recall@20 against exact search, on the cohort of the files and on a tighter one.
        json["ivf"] = Ivf(report, CohortData.Load(files, tiles, dimension), CohortData.Spread, dimension, ivfK, queries, threads);
        json["ivf_tight"] = Ivf(report, CohortData.Generate(tiles, dimension, TightSpread), TightSpread, dimension, ivfK, queries, threads);
    }

    /// <summary>Samples and fits in this (fresh) process, then prints its peak memory.</summary>
    public static void FitChild(BenchArgs args, TextWriter output)
    {
        var folder = args.String("folder") ?? throw new ArgumentException("--folder is required.");
        var k = args.Int("k", 64);
        var sampleSize = args.Int("sample", 100_000);
        _ = BenchData.From(args);
        args.ThrowIfUnused();
        var files = CohortInputs.Files([folder], ".tiles.arrow");
        var watch = Stopwatch.StartNew();
        var (sample, _) = CohortSample.Draw(files, sampleSize, 0);
        var sampled = watch.Elapsed.TotalSeconds;
        var result = KMeans.Fit(sample.Take(), sample.Dimension, new KMeansOptions { K = k, Threads = Environment.ProcessorCount });
        var json = ProcessMemory.Snapshot();
        json["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        json["sample_seconds"] = Math.Round(sampled, 2);
        json["iterations"] = result.Iterations;
        json["converged"] = result.Converged;
        output.WriteLine(json.ToJsonString());
    }

    private static JsonObject Assign(Report report, int tiles, int dimension, int k, int threads, int runs)
    {
        const int Block = 16384;
        var random = new Random(1);
        var centroids = new float[k * dimension];
        var rows = new float[Block * dimension];
        for (var i = 0; i < centroids.Length; i++)
        {
            centroids[i] = (float)(random.NextDouble() - 0.5);
        }

        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)(random.NextDouble() - 0.5);
        }

        RowMath.NormalizeRows(centroids, dimension);
        var codebook = new Codebook(centroids, k, dimension, normalized: true);
        var tokens = new int[Block];
        var distances = new float[Block];
        codebook.Assign(rows, tokens, distances, threads);
        var seconds = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var done = 0; done < tiles; done += Block)
            {
                var n = Math.Min(Block, tiles - done);
                codebook.Assign(rows.AsSpan(0, n * dimension), tokens, distances, threads);
            }

            seconds.Add(watch.Elapsed.TotalSeconds);
        }

        var stats = Stats.Of(seconds);
        var gflop = 2.0 * tiles * dimension * k / 1e9;
        report.Line($"tokens assign, {tiles} x {dimension} against k = {k}, {threads} threads, {Gemm.Resolve(GemmKernel.Auto)} GEMM: median {stats.Median:0.000} s = {gflop / stats.Median:0.0} GFLOP/s (products only; the row normalisation and arg max are inside the time)");
        return new JsonObject
        {
            ["tiles"] = tiles, ["dimension"] = dimension, ["k"] = k, ["kernel"] = Gemm.Resolve(GemmKernel.Auto).ToString(),
            ["seconds"] = Report.StatsJson(stats, 4), ["gflop"] = Math.Round(gflop, 1), ["gflops"] = Math.Round(gflop / stats.Median, 2),
        };
    }

    private static JsonObject Ivf(Report report, float[] rows, double spread, int dimension, int k, int queries, int threads)
    {
        var tiles = rows.Length / dimension;
        var watch = Stopwatch.StartNew();
        var sample = new ReservoirSample(Math.Min(tiles, 100_000), dimension, 0);
        for (var i = 0; i < tiles; i++)
        {
            sample.Offer(rows.AsSpan(i * dimension, dimension));
        }

        var fit = KMeans.Fit(sample.Take(), dimension, new KMeansOptions { K = k, MaxIterations = 25, Threads = threads });
        var tokens = new int[tiles];
        fit.Codebook.Assign(rows, tokens, new float[tiles], threads);
        var index = new IvfIndex(fit.Codebook, tokens);
        var build = watch.Elapsed.TotalSeconds;
        report.Line($"IVF index on {tiles} tiles around {CohortData.Centres} centres, noise sd {spread} per coordinate: k = {k} (fit on {sample.Count} tiles, {fit.Iterations} iterations) and assignment of {tiles} tiles: {build:0.0} s");
        var random = new Random(7);
        var probes = new[] { 1, 4, 16, 64 };
        var recall = new double[probes.Length];
        var ivfSeconds = new double[probes.Length];
        var exactSeconds = 0.0;
        for (var q = 0; q < queries; q++)
        {
            var id = random.Next(tiles);
            var query = ExactSearch.UnitQuery(rows.AsSpan(id * dimension, dimension));
            var exact = new TopK(20);
            watch.Restart();
            ExactSearch.ScanParallel(query, rows, 0, exact, threads, id);
            exactSeconds += watch.Elapsed.TotalSeconds;
            var truth = exact.ToSortedArray().Select(h => h.Id).ToHashSet();
            for (var p = 0; p < probes.Length; p++)
            {
                var top = new TopK(20);
                watch.Restart();
                index.Search(query, rows, probes[p], top, id);
                ivfSeconds[p] += watch.Elapsed.TotalSeconds;
                recall[p] += top.ToSortedArray().Count(h => truth.Contains(h.Id)) / 20.0;
            }
        }

        var results = new JsonArray();
        for (var p = 0; p < probes.Length; p++)
        {
            report.Line($"  nprobe {probes[p],3}: recall@20 {recall[p] / queries:0.000}, {ivfSeconds[p] / queries * 1000:0.0} ms per query (one thread) vs exact {exactSeconds / queries * 1000:0.0} ms ({threads} threads)");
            results.Add(new JsonObject { ["nprobe"] = probes[p], ["recall_at_20"] = Math.Round(recall[p] / queries, 4), ["ms_per_query"] = Math.Round(ivfSeconds[p] / queries * 1000, 2) });
        }

        return new JsonObject
        {
            ["k"] = k, ["queries"] = queries, ["build_seconds"] = Math.Round(build, 1), ["exact_ms_per_query"] = Math.Round(exactSeconds / queries * 1000, 2),
            ["centres"] = CohortData.Centres, ["spread"] = spread, ["probes"] = results,
        };
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
