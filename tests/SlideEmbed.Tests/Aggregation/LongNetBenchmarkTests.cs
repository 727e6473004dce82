using System.Diagnostics;
using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// Timings at the released size, behind <c>SLIDEEMBED_SLOW_TESTS=1</c>; results go to the test output
/// (<c>dotnet test -c Release --logger "console;verbosity=detailed"</c>). Tile counts can be set with
/// <c>SLIDEEMBED_BENCH_TILES</c> (comma-separated, default 1000,10000).
/// </summary>
public sealed unsafe class LongNetBenchmarkTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void Gemm_TenThousandRowsWidth768_ReportsGflops()
    {
        SlowTests.Require("GEMM throughput at L = 10,000, D = 768");
        const int rows = 10_000;
        var random = new Random(1);
        foreach (var (outF, inF) in new[] { (768, 768), (2304, 768), (3072, 768), (768, 3072) })
        {
            var w = new float[outF * inF];
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = (float)(random.NextDouble() - 0.5);
            }

            var linear = new PackedLinear(w, new float[outF], outF, inF);
            var x = new float[(long)rows * inF];
            var y = new float[(long)rows * outF];
            foreach (var kernel in new[] { GemmKernel.Vector256, GemmKernel.Auto })
            {
                var best = double.MaxValue;
                for (var rep = 0; rep < 3; rep++)
                {
                    var watch = Stopwatch.StartNew();
                    fixed (float* px = x, py = y)
                    {
                        var (ax, ay) = ((nint)px, (nint)py);
                        Parallel.For(0, (rows + 95) / 96, block =>
                        {
                            var r0 = block * 96;
                            var n = Math.Min(96, rows - r0);
                            linear.Apply((float*)ax + ((long)r0 * inF), inF, n, (float*)ay + ((long)r0 * outF), outF, false, kernel);
                        });
                    }

                    best = Math.Min(best, watch.Elapsed.TotalSeconds);
                }

                Report($"GEMM [{rows} x {inF}] x [{inF} x {outF}] {Gemm.Resolve(kernel)}: {best * 1000:F0} ms, {2.0 * rows * inF * outF / best / 1e9:F1} GFLOP/s on {Environment.ProcessorCount} cores");
            }
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Forward_ReleasedSize_ReportsTimeFlopsAndMemory()
    {
        SlowTests.Require("released-size forward timings");
        var sizes = (Environment.GetEnvironmentVariable("SLIDEEMBED_BENCH_TILES") ?? "1000,10000").Split(',').Select(int.Parse).ToArray();
        var watch = Stopwatch.StartNew();
        var (file, _) = SplitMixGenerator.StateDict(LongNetReleasedSizeTests.ReleasedModel.WeightSeed, 1536, 768, 12, 3072);
        LongNetSlideEncoder encoder;
        using (file)
        {
            encoder = LongNetSlideEncoder.Create(file, new LongNetOptions());
        }

        GC.Collect();
        Report($"model generated and packed in {watch.Elapsed.TotalSeconds:F1} s; {Gemm.Resolve(GemmKernel.Auto)} kernel, {Environment.ProcessorCount} cores");
        foreach (var n in sizes)
        {
            var (features, xs, ys) = SplitMixGenerator.Inputs(7, n, 1536);
            foreach (var (label, layers, run) in new (string, int, Action)[]
            {
                ("all outputs (12 layers)", 12, () => encoder.EncodeAll(features, n, xs, ys)),
                ("layer-mean:11 (11 layers)", 11, () => encoder.Encode(features, n, xs, ys, LongNetOutput.TridentDefault)),
            })
            {
                GC.Collect();
                var baseline = Process.GetCurrentProcess().WorkingSet64;
                var peak = baseline;
                using var stop = new CancellationTokenSource();
                var sampler = new Thread(() =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                        Thread.Sleep(10);
                    }
                });
                sampler.Start();
                var allocated = GC.GetTotalAllocatedBytes(true);
                watch.Restart();
                run();
                var seconds = watch.Elapsed.TotalSeconds;
                stop.Cancel();
                sampler.Join();
                allocated = GC.GetTotalAllocatedBytes(true) - allocated;
                var (linear, attention) = Flops(encoder, n, layers);
                Report($"N = {n}, {label}: {seconds:F2} s, {(linear + attention) / 1e9:F0} GFLOP ({attention / 1e9:F0} in attention), {(linear + attention) / seconds / 1e9:F1} GFLOP/s, allocated {allocated / 1e6:F0} MB, working set +{(peak - baseline) / 1e6:F0} MB over {baseline / 1e6:F0} MB");
            }
        }
    }

    /// <summary>Multiply-add FLOPs of a forward: linear layers, and attention over real (non-phantom) key pairs.</summary>
    internal static (double Linear, double Attention) Flops(LongNetSlideEncoder encoder, int tiles, int layers)
    {
        var a = encoder.Architecture;
        var length = tiles + 1;
        var linear = 2.0 * tiles * a.InputDimension * a.Width;
        linear += layers * 2.0 * length * a.Width * ((4.0 * a.Width) + (2.0 * a.FfnDimension));
        var attention = 0.0;
        var dilated = new DilatedAttention(a.Heads, a.HeadDimension, encoder.Options.SegmentLengths, encoder.Options.DilationRatios, GemmKernel.Auto);
        foreach (var b in dilated.Branches(length))
        {
            for (var g = 0; g < b.Segments; g++)
            {
                for (var h = 0; h < a.Heads; h++)
                {
                    double real = b.RealKeys(g, h, length);
                    attention += 4.0 * real * real * a.HeadDimension;
                }
            }
        }

        return (linear, attention * layers);
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
    }
}
