using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Tests.Aggregation;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>longnet</c>: the Prov-GigaPath slide encoder at the released size (1536 -> 768, 12 layers, 16 heads,
/// FFN 3072, random weights) on N tiles: seconds and achieved GFLOP/s, next to ONNX Runtime's MatMul and
/// SlideEmbed's GEMM on the encoder's own matrix shapes at the same row count, interleaved in one run.
/// Peak RSS of a whole <c>aggregate</c>-like job (load weights, encode) is measured in fresh processes.
/// </summary>
internal static class LongNetBench
{
    public const double TargetSeconds = 30;
    public const double TargetPeakMiB = 4096;

    /// <summary>The seed of the released-size goldens (<c>tools/longnet_reference.py</c>).</summary>
    private const ulong WeightSeed = 20240522;
    private const ulong InputSeed = 7;
    private const int InputDimension = 1536;
    private const int Width = 768;
    private const int Depth = 12;
    private const int Ffn = 3072;

    /// <summary>The encoder's matrix products: (name, in, out, rows are tiles rather than tiles + 1, uses per forward).</summary>
    private static readonly (string Name, int In, int Out, bool TileRows, int PerLayer)[] Shapes =
    [
        ("patch_embed", InputDimension, Width, true, 0),
        ("qkv", Width, 3 * Width, false, 1),
        ("out_proj", Width, Width, false, 1),
        ("fc1", Width, Ffn, false, 1),
        ("fc2", Ffn, Width, false, 1),
    ];

    /// <summary>The <c>IN x OUT</c> shapes <c>tools/make_matmul_onnx.py</c> must export.</summary>
    public static IEnumerable<string> MatMulShapes => Shapes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.In}x{s.Out}"));

    public static void Run(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var tiles = args.Int("tiles", 10_000);
        var runs = args.Int("runs", 3);
        var memoryTiles = args.Int("memory-tiles", 50_000);
        args.ThrowIfUnused();
        var weightsPath = EnsureWeights(data, report);
        var models = Shapes.Select(s => BenchData.Require(Path.Combine(data.Folder, string.Create(CultureInfo.InvariantCulture, $"matmul-{s.In}x{s.Out}.onnx")))).ToArray();

        var load = Stopwatch.StartNew();
        var encoder = LongNetSlideEncoder.Load(weightsPath);
        report.Line($"longnet: released size (1536 -> 768, 12 layers, 16 heads, FFN 3072), random weights loaded in {load.Elapsed.TotalSeconds:0.0} s; {tiles} tiles, output {encoder.Options.Output}, {Gemm.Resolve(GemmKernel.Auto)} kernel, {Environment.ProcessorCount} cores");
        var (features, xs, ys) = SplitMixGenerator.Inputs(InputSeed, tiles, InputDimension);
        var layers = encoder.Options.Output.UsesFinalLayer ? Depth : encoder.Options.Output.Layer;
        var (linearFlops, attentionFlops) = encoder.CountFlops(tiles, layers);
        var forwardFlops = linearFlops + attentionFlops;

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        var sessions = models.Select(m => new InferenceSession(m, sessionOptions)).ToArray();
        var ours = Shapes.Select(s => Linear(s.In, s.Out)).ToArray();
        var inputs = Shapes.Select(s => new float[(long)Rows(s, tiles) * s.In]).ToArray();
        var outputs = Shapes.Select(s => new float[(long)Rows(s, tiles) * s.Out]).ToArray();
        try
        {
            // Warm-up: a small forward, and each product once.
            encoder.Encode(features.AsSpan(0, 256 * InputDimension), 256, xs.AsSpan(0, 256), ys.AsSpan(0, 256), encoder.Options.Output);
            for (var s = 0; s < Shapes.Length; s++)
            {
                RunOrt(sessions[s], inputs[s], Rows(Shapes[s], tiles), Shapes[s].In);
                RunOurs(ours[s], inputs[s], outputs[s], Rows(Shapes[s], tiles));
            }

            var forwardSeconds = new List<double>();
            var forwardCpu = new List<double>();
            var ortSeconds = Shapes.Select(_ => new List<double>()).ToArray();
            var oursSeconds = Shapes.Select(_ => new List<double>()).ToArray();
            for (var r = 0; r < runs; r++)
            {
                var cpu0 = CpuSeconds();
                var watch = Stopwatch.StartNew();
                encoder.Encode(features, tiles, xs, ys, encoder.Options.Output);
                forwardSeconds.Add(watch.Elapsed.TotalSeconds);
                forwardCpu.Add(CpuSeconds() - cpu0);
                for (var s = 0; s < Shapes.Length; s++)
                {
                    var rows = Rows(Shapes[s], tiles);
                    ortSeconds[s].Add(RunOrt(sessions[s], inputs[s], rows, Shapes[s].In));
                    oursSeconds[s].Add(RunOurs(ours[s], inputs[s], outputs[s], rows));
                }

                report.Line($"  run {r + 1}: forward {forwardSeconds[^1]:0.00} s ({forwardCpu[^1]:0.0} s CPU), {forwardFlops / forwardSeconds[^1] / 1e9:0.0} GFLOP/s");
            }

            var forward = Stats.Of(forwardSeconds);
            var cpu = Stats.Of(forwardCpu);
            report.Line($"  forward N = {tiles}: {forward.Median:0.00} s median ({forward.Min:0.00}-{forward.Max:0.00}, n={runs}), {cpu.Median:0.0} s CPU; {forwardFlops / 1e9:0} GFLOP ({linearFlops / 1e9:0} linear, {attentionFlops / 1e9:0} attention) = {forwardFlops / forward.Median / 1e9:0.0} GFLOP/s; target <= {TargetSeconds:0} s: {(forward.Median <= TargetSeconds ? "met" : "NOT met")}");
            var products = new JsonArray();
            double ortLinearSeconds = 0, oursLinearSeconds = 0;
            for (var s = 0; s < Shapes.Length; s++)
            {
                var shape = Shapes[s];
                var rows = Rows(shape, tiles);
                var flops = 2.0 * rows * shape.In * shape.Out;
                var ort = Stats.Of(ortSeconds[s]);
                var own = Stats.Of(oursSeconds[s]);
                var uses = shape.PerLayer == 0 ? 1 : shape.PerLayer * layers;
                ortLinearSeconds += uses * ort.Median;
                oursLinearSeconds += uses * own.Median;
                report.Line($"  {shape.Name,-11} [{rows} x {shape.In}] x [{shape.In} x {shape.Out}]: ONNX Runtime MatMul {flops / ort.Median / 1e9:0.0} GFLOP/s ({ort.Median * 1000:0} ms), SlideEmbed GEMM {flops / own.Median / 1e9:0.0} GFLOP/s ({own.Median * 1000:0} ms); {uses} per forward");
                products.Add(new JsonObject
                {
                    ["name"] = shape.Name,
                    ["rows"] = rows,
                    ["in"] = shape.In,
                    ["out"] = shape.Out,
                    ["per_forward"] = uses,
                    ["onnxruntime_seconds"] = Report.StatsJson(ort, 5),
                    ["slideembed_seconds"] = Report.StatsJson(own, 5),
                    ["onnxruntime_gflops"] = Math.Round(flops / ort.Median / 1e9, 2),
                    ["slideembed_gflops"] = Math.Round(flops / own.Median / 1e9, 2),
                });
            }

            report.Line($"  linear layers of one forward at these speeds: ONNX Runtime {ortLinearSeconds:0.00} s = {linearFlops / ortLinearSeconds / 1e9:0.0} GFLOP/s, SlideEmbed {oursLinearSeconds:0.00} s = {linearFlops / oursLinearSeconds / 1e9:0.0} GFLOP/s; the rest of the forward (attention, norms, GELU, pooling): {forward.Median - oursLinearSeconds:0.00} s");

            var memory = new JsonArray();
            foreach (var n in new[] { tiles, memoryTiles }.Where(n => n > 0).Distinct())
            {
                var child = ProcessMemory.RunChild(["longnet-child", "--tiles", n.ToString(CultureInfo.InvariantCulture), "--data", data.Folder]);
                report.Line($"  peak RSS, fresh process, N = {n}: {(double)child["peak_rss_mib"]!:0} MiB (after loading the weights {(double)child["peak_rss_after_load_mib"]!:0} MiB, inputs {(double)child["inputs_mib"]!:0} MiB), forward {(double)child["seconds"]!:0.0} s; target < {TargetPeakMiB:0} MiB: {((double)child["peak_rss_mib"]! < TargetPeakMiB ? "met" : "NOT met")}");
                child["tiles"] = n;
                memory.Add(child);
            }

            var json = report.Json;
            json["tiles"] = tiles;
            json["output"] = encoder.Options.Output.ToString();
            json["layers"] = layers;
            json["kernel"] = Gemm.Resolve(GemmKernel.Auto).ToString();
            json["gflop"] = new JsonObject { ["linear"] = Math.Round(linearFlops / 1e9, 2), ["attention"] = Math.Round(attentionFlops / 1e9, 2) };
            json["forward_seconds"] = Report.StatsJson(forward, 3);
            json["forward_cpu_seconds"] = Report.StatsJson(cpu, 3);
            json["forward_gflops"] = Math.Round(forwardFlops / forward.Median / 1e9, 2);
            json["target_seconds_met"] = forward.Median <= TargetSeconds;
            json["products"] = products;
            json["linear_seconds_at_onnxruntime_speed"] = Math.Round(ortLinearSeconds, 3);
            json["linear_seconds_at_slideembed_speed"] = Math.Round(oursLinearSeconds, 3);
            json["memory"] = memory;
        }
        finally
        {
            foreach (var session in sessions)
            {
                session.Dispose();
            }
        }
    }

    /// <summary>Loads the weights from disk and encodes N generated tiles in this (fresh) process, then its peak memory.</summary>
    public static void Child(BenchArgs args, TextWriter output)
    {
        var data = BenchData.From(args);
        var tiles = args.Int("tiles", 50_000);
        args.ThrowIfUnused();
        var encoder = LongNetSlideEncoder.Load(BenchData.Require(WeightsPath(data)));
        var afterLoad = ProcessMemory.PeakRssMiB();
        var (features, xs, ys) = SplitMixGenerator.Inputs(InputSeed, tiles, InputDimension);
        var watch = Stopwatch.StartNew();
        var embedding = encoder.Encode(features, tiles, xs, ys, encoder.Options.Output);
        var json = ProcessMemory.Snapshot();
        json["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        json["peak_rss_after_load_mib"] = Math.Round(afterLoad, 1);
        json["inputs_mib"] = Math.Round(((features.Length * 4.0) + (xs.Length * 16.0)) / 1048576.0, 1);
        json["finite"] = embedding.All(float.IsFinite);
        output.WriteLine(json.ToJsonString());
    }

    private static string WeightsPath(BenchData data) => Path.Combine(data.Folder, "gigapath-slide-random.safetensors");

    /// <summary>Writes the released-size state dict of <c>tools/longnet_reference.py</c> (seed 20240522) once.</summary>
    internal static string EnsureWeights(BenchData data, Report report)
    {
        var path = WeightsPath(data);
        if (!File.Exists(path))
        {
            report.Line($"  writing released-size random weights to {path} ...");
            var (bytes, _) = SplitMixGenerator.StateDictBytes(WeightSeed, InputDimension, Width, Depth, Ffn);
            var partial = path + ".partial";
            File.WriteAllBytes(partial, bytes);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }

    private static int Rows((string Name, int In, int Out, bool TileRows, int PerLayer) shape, int tiles) => shape.TileRows ? tiles : tiles + 1;

    private static PackedLinear Linear(int inFeatures, int outFeatures)
    {
        var random = new Random(1);
        var w = new float[outFeatures * inFeatures];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (float)(random.NextDouble() - 0.5);
        }

        return new PackedLinear(w, new float[outFeatures], outFeatures, inFeatures);
    }

    /// <summary>One ONNX Runtime MatMul over all rows; seconds.</summary>
    private static double RunOrt(InferenceSession session, float[] input, int rows, int inFeatures)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, new long[] { rows, inFeatures });
        using var runOptions = new RunOptions();
        var watch = Stopwatch.StartNew();
        using var y = session.Run(runOptions, ["x"], [x], ["y"]);
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The encoder's own product over all rows, split into blocks of 96 rows over the cores the way the
    /// forward runs it (there, norms and activations are fused around each block); seconds.
    /// </summary>
    private static unsafe double RunOurs(PackedLinear linear, float[] input, float[] output, int rows)
    {
        const int block = 96;
        var watch = Stopwatch.StartNew();
        fixed (float* px = input, py = output)
        {
            var (ax, ay) = ((nint)px, (nint)py);
            Parallel.For(0, (rows + block - 1) / block, b =>
            {
                var r0 = b * block;
                var n = Math.Min(block, rows - r0);
                linear.Apply((float*)ax + ((long)r0 * linear.InFeatures), linear.InFeatures, n, (float*)ay + ((long)r0 * linear.OutFeatures), linear.OutFeatures, false, GemmKernel.Auto);
            });
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static double CpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
