using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Preprocessing;
using SlideEmbed.Tiling;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>read-preprocess</c>: tiles read + preprocessed per second on the gigapixel slide with a
/// ViT-B/16-shaped transform (read 256 px at 0.5 mpp, bilinear resize 224, crop 224, ImageNet
/// normalisation). SlideEmbed runs the real pipeline (readers, batcher, pinned batches, ordered sink)
/// with an encoder that discards batches; the baseline is tools/bench_python_reader.py on the same tiles.
/// </summary>
internal static class ReadPreprocessBench
{
    public static readonly TileTransform Transform = new() { ResizeSize = 224, Interpolation = Interpolation.Bilinear, CropSize = 224 };

    public static async Task RunAsync(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var n = args.Int("tiles", 512);
        var runs = args.Int("runs", 5);
        var withPython = args.String("python", "yes") != "no";
        args.ThrowIfUnused();
        var slidePath = BenchData.Require(data.Gigapixel);
        var grid = TileSelection.Select(slidePath, n);
        var csv = Path.Combine(data.ScratchFolder, "read-preprocess-tiles.csv");
        var half = n / 2;
        var csvA = Path.Combine(data.ScratchFolder, "read-preprocess-tiles-a.csv");
        var csvB = Path.Combine(data.ScratchFolder, "read-preprocess-tiles-b.csv");
        TileSelection.WriteCsv(csv, grid, grid.Tiles);
        TileSelection.WriteCsv(csvA, grid, grid.Tiles.Take(half));
        TileSelection.WriteCsv(csvB, grid, grid.Tiles.Skip(half).Take(half));
        var defaultReaders = new EmbeddingPipelineOptions().Readers;
        report.Line($"read-preprocess {Path.GetFileName(slidePath)}: {n} tiles, read {grid.EdgeAtReadLevelPx} px at level {grid.ReadLevel} (256 px at 0.5 mpp), bilinear resize 224 + crop 224, ImageNet norm");

        // Warm-up: JIT, libopenslide, page cache, for both tools. The one-tile Python run also gives the
        // CPU time of its imports and warm-up, subtracted from the timed runs' CPU time.
        await PipelineRun(slidePath, grid with { Tiles = grid.Tiles.Take(64).ToList() }, defaultReaders).ConfigureAwait(false);
        var direct = DirectLoop(slidePath, grid);
        var pyFixedCpu = withPython ? (double)PythonReader.Run(slidePath, [(csvA, 1)]).Results[0]["process_cpu_s"]! : 0;

        var sDefault = new List<double>();
        var sOne = new List<double>();
        var sDefaultCpu = new List<double>();
        var sOneCpu = new List<double>();
        var pyOne = new List<double>();
        var pyOneCpu = new List<double>();
        var pyTwo = new List<double>();
        JsonObject? pyDetail = null;
        for (var r = 0; r < runs; r++)
        {
            var (wall, cpu) = await Measured(() => PipelineRun(slidePath, grid, defaultReaders)).ConfigureAwait(false);
            sDefault.Add(n / wall);
            sDefaultCpu.Add(1000 * cpu / n);
            (wall, cpu) = await Measured(() => PipelineRun(slidePath, grid, 1)).ConfigureAwait(false);
            sOne.Add(n / wall);
            sOneCpu.Add(1000 * cpu / n);
            if (withPython)
            {
                var (one, _) = PythonReader.Run(slidePath, [(csv, n)]);
                pyDetail = one[0];
                pyOne.Add((double)one[0]["tiles_per_s"]!);
                pyOneCpu.Add(1000 * ((double)one[0]["process_cpu_s"]! - pyFixedCpu) / (n - 1));
                var (two, _) = PythonReader.Run(slidePath, [(csvA, half), (csvB, half)]);

                // Aggregate rate of two concurrent processes: all tiles over the slower one's timed loop.
                pyTwo.Add(2 * half / two.Max(j => (double)j["wall_s"]!));
            }

            report.Line($"  run {r + 1}: SlideEmbed {sDefault[^1]:0.0} tiles/s ({defaultReaders} readers), {sOne[^1]:0.0} (1 reader){(withPython ? $"; Python {pyOne[^1]:0.0} (1 process), {pyTwo[^1]:0.0} (2 processes)" : string.Empty)}");
        }

        var d = Stats.Of(sDefault);
        var o = Stats.Of(sOne);
        var dCpu = Stats.Of(sDefaultCpu);
        var oCpu = Stats.Of(sOneCpu);
        report.Line($"  SlideEmbed, {defaultReaders} readers (default) : {d.Median,7:0.0} tiles/s (min {d.Min:0.0}, max {d.Max:0.0}, n={runs}); {dCpu.Median:0.0} CPU ms/tile");
        report.Line($"  SlideEmbed, 1 reader (per core)    : {o.Median,7:0.0} tiles/s (min {o.Min:0.0}, max {o.Max:0.0}); {oCpu.Median:0.0} CPU ms/tile");
        report.Line($"  SlideEmbed, one thread, direct loop: read {direct.ReadMs:0.00} ms ({direct.DirectReads} of {grid.Tiles.Count} from JPEG tiles directly; through openslide_read_region {direct.OpenSlideReadMs:0.00} ms) + preprocess {direct.PrepMs:0.00} ms (of which resize {direct.ResizeMs:0.00} ms) per tile ({1000 / (direct.ReadMs + direct.PrepMs):0.0} tiles/s); {direct.CpuMs:0.0} CPU ms/tile");
        var json = report.Json;
        json["slide"] = Path.GetFileName(slidePath);
        json["tiles"] = n;
        json["read_level"] = grid.ReadLevel;
        json["read_size"] = grid.EdgeAtReadLevelPx;
        json["transform"] = "bilinear resize 224, center crop 224, ImageNet mean/std";
        json["slideembed_default_readers"] = defaultReaders;
        json["slideembed_tiles_per_s"] = Report.StatsJson(d, 2);
        json["slideembed_1_reader_tiles_per_s"] = Report.StatsJson(o, 2);
        json["slideembed_cpu_ms_per_tile"] = Report.StatsJson(dCpu, 2);
        json["slideembed_1_reader_cpu_ms_per_tile"] = Report.StatsJson(oCpu, 2);
        json["slideembed_direct_loop_ms_per_tile"] = new JsonObject { ["read"] = Math.Round(direct.ReadMs, 3), ["preprocess"] = Math.Round(direct.PrepMs, 3), ["resize_part_of_preprocess"] = Math.Round(direct.ResizeMs, 3), ["read_through_openslide"] = Math.Round(direct.OpenSlideReadMs, 3), ["direct_reads"] = direct.DirectReads, ["cpu"] = Math.Round(direct.CpuMs, 3) };
        if (withPython)
        {
            var p1 = Stats.Of(pyOne);
            var p2 = Stats.Of(pyTwo);
            var p1Cpu = Stats.Of(pyOneCpu);
            var ratio = d.Median / p1.Median;
            report.Line($"  Python, 1 process (TRIDENT/CLAM worker): {p1.Median,7:0.0} tiles/s (min {p1.Min:0.0}, max {p1.Max:0.0}; read {pyDetail!["read_ms_per_tile"]} ms + preprocess {pyDetail["preprocess_ms_per_tile"]} ms per tile in the last run); {p1Cpu.Median:0.0} CPU ms/tile");
            report.Line($"  Python, 2 processes at once        : {p2.Median,7:0.0} tiles/s (min {p2.Min:0.0}, max {p2.Max:0.0})");
            report.Line($"  ratio SlideEmbed default / Python 1 process: {ratio:0.00}x (target >= 3x: {(ratio >= 3 ? "met" : "NOT met")}); per core {o.Median / p1.Median:0.00}x (CPU per tile {p1Cpu.Median / oCpu.Median:0.00}x less); both on 2 cores {d.Median / p2.Median:0.00}x");
            json["python_1_process_tiles_per_s"] = Report.StatsJson(p1, 2);
            json["python_2_processes_tiles_per_s"] = Report.StatsJson(p2, 2);
            json["python_cpu_ms_per_tile"] = Report.StatsJson(p1Cpu, 2);
            json["python_detail"] = pyDetail.DeepClone();
            json["ratio_default_over_python"] = Math.Round(ratio, 3);
            json["ratio_1_reader_over_python"] = Math.Round(o.Median / p1.Median, 3);
            json["ratio_cpu_per_tile_python_over_1_reader"] = Math.Round(p1Cpu.Median / oCpu.Median, 3);
            json["ratio_default_over_python_2_processes"] = Math.Round(d.Median / p2.Median, 3);
            json["target_ratio_3x_met"] = ratio >= 3;
        }
    }

    private static async Task<(double Wall, double Cpu)> Measured(Func<Task<double>> run)
    {
        var cpu0 = CpuSeconds();
        var wall = await run().ConfigureAwait(false);
        return (wall, CpuSeconds() - cpu0);
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static async Task<double> PipelineRun(string slidePath, TileGrid grid, int readers)
    {
        var clock = Stopwatch.StartNew();
        using var slide = OpenSlideSource.Open(slidePath);
        var pipeline = new TileEmbeddingPipeline(new OpenSlideOpener(), new TilePreprocessor(Transform), [new NullEncoder(224)], new EmbeddingPipelineOptions { Readers = readers });
        var sink = new CountingSink();
        var (embedded, failed) = await pipeline.RunAsync(slide, grid, sink).ConfigureAwait(false);
        if (embedded != grid.Tiles.Count || failed != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{embedded} tiles embedded, {failed} failed, of {grid.Tiles.Count}."));
        }

        return clock.Elapsed.TotalSeconds;
    }

    // Where a tile's time goes, on one thread: the read (direct JPEG path where it applies) vs resize +
    // normalise; then the same reads through openslide_read_region alone, for comparison.
    private static DirectTimes DirectLoop(string slidePath, TileGrid grid)
    {
        var cpu0 = CpuSeconds();
        using var slide = OpenSlideSource.Open(slidePath);
        var pre = new TilePreprocessor(Transform);
        var size = grid.EdgeAtReadLevelPx;
        var pixels = new byte[size * size * 3];
        var scratch = new byte[pre.ScratchBytes(size, size)];
        var output = new float[3 * 224 * 224];
        long read = 0, prep = 0;
        foreach (var tile in grid.Tiles)
        {
            var t0 = Stopwatch.GetTimestamp();
            slide.ReadRegion(tile.X, tile.Y, grid.ReadLevel, size, size, pixels);
            var t1 = Stopwatch.GetTimestamp();
            pre.Process(pixels, size, size, output, scratch);
            prep += Stopwatch.GetTimestamp() - t1;
            read += t1 - t0;
        }

        var perTile = 1000.0 / Stopwatch.Frequency / grid.Tiles.Count;
        var cpuMs = 1000 * (CpuSeconds() - cpu0) / grid.Tiles.Count;

        // The resize alone, repeated once per tile on the last tile's data (the rest of the preprocessing
        // is crop + normalise).
        var (rw, rh) = Transform.ResizedSize(size, size);
        var resized = new byte[rw * rh * 3];
        var resizeScratch = new byte[PilResampler.ScratchBytes(size, size, rw, rh, Transform.Interpolation)];
        var t2 = Stopwatch.GetTimestamp();
        foreach (var _ in grid.Tiles)
        {
            PilResampler.Resize(pixels, size, size, resized, rw, rh, Transform.Interpolation, resizeScratch);
        }

        var resize = Stopwatch.GetTimestamp() - t2;
        using var openslideOnly = OpenSlideSource.Open(slidePath, directReads: false);
        var t3 = Stopwatch.GetTimestamp();
        foreach (var tile in grid.Tiles)
        {
            openslideOnly.ReadRegion(tile.X, tile.Y, grid.ReadLevel, size, size, pixels);
        }

        var openslideRead = Stopwatch.GetTimestamp() - t3;
        return new DirectTimes(read * perTile, prep * perTile, resize * perTile, openslideRead * perTile, slide.DirectRegionReads, cpuMs);
    }

    /// <param name="ReadMs">Read per tile with the default source.</param>
    /// <param name="PrepMs">Preprocessing per tile.</param>
    /// <param name="ResizeMs">The resize part of the preprocessing.</param>
    /// <param name="OpenSlideReadMs">Read per tile through openslide_read_region (and premultiplied ARGB to RGB).</param>
    /// <param name="DirectReads">Reads the default source served from JPEG tiles directly.</param>
    /// <param name="CpuMs">Process CPU per tile of the read + preprocess loop.</param>
    private sealed record DirectTimes(double ReadMs, double PrepMs, double ResizeMs, double OpenSlideReadMs, long DirectReads, double CpuMs);
}
