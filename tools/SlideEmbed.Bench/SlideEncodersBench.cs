using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Aggregation;
using SlideEmbed.Safetensors;
using SlideEmbed.Tests.Aggregation;

namespace SlideEmbed.Bench;

/// <summary>
/// <c>slide-encoders</c>: every native slide encoder at its released size (random weights of
/// <c>tools/slide_encoders_reference.py</c>; GigaPath's of <c>tools/longnet_reference.py</c>) on N generated
/// tiles laid out as a compact square of distinct grid cells: forward seconds and peak RSS of a whole job
/// (load weights, encode), each in a fresh process, one after another in one run.
/// </summary>
internal static class SlideEncodersBench
{
    public const double TitanTargetSeconds = 30;
    public const double GatedTargetSeconds = 1;

    private const ulong InputSeed = 7;
    private const long Stride = 512;

    private static readonly string[] s_models = ["feather-conch-v1-5", "feather-uni2-h", "chief", "madeleine", "gigapath-slide", "titan"];

    public static void Run(BenchArgs args, Report report)
    {
        var data = BenchData.From(args);
        var tiles = args.Int("tiles", 10_000);
        var memoryTiles = args.Int("memory-tiles", 50_000);
        var models = (args.String("models") ?? string.Join(',', s_models)).Split(',', StringSplitOptions.RemoveEmptyEntries);
        args.ThrowIfUnused();
        report.Line($"slide-encoders: {string.Join(", ", models)}; N = {tiles} and {memoryTiles}; {Environment.ProcessorCount} cores; each job (load + encode) in a fresh process");
        var results = new JsonArray();
        foreach (var model in models)
        {
            if (model == "gigapath-slide")
            {
                LongNetBench.EnsureWeights(data, report);
            }
            else
            {
                EnsureWeights(data, model, report);
            }

            foreach (var n in new[] { tiles, memoryTiles }.Where(n => n > 0).Distinct())
            {
                var childArgs = model == "gigapath-slide"
                    ? new[] { "longnet-child", "--tiles", n.ToString(CultureInfo.InvariantCulture), "--data", data.Folder }
                    : ["slide-encoders-child", "--model", model, "--tiles", n.ToString(CultureInfo.InvariantCulture), "--data", data.Folder];
                var child = ProcessMemory.RunChild(childArgs);
                var seconds = (double)child["seconds"]!;
                var target = model == "titan" ? $"; target <= {TitanTargetSeconds:0} s at 10,000: {(n > 10_000 ? "n/a" : seconds <= TitanTargetSeconds ? "met" : "NOT met")}"
                    : model == "gigapath-slide" ? string.Empty
                    : $"; target < {GatedTargetSeconds:0} s at 10,000: {(n > 10_000 ? "n/a" : seconds < GatedTargetSeconds ? "met" : "NOT met")}";
                report.Line($"  {model,-19} N = {n,6}: forward {seconds,7:0.00} s, peak RSS {(double)child["peak_rss_mib"]!,6:0} MiB (after loading the weights {(double)child["peak_rss_after_load_mib"]!:0} MiB){target}");
                child["model"] = model;
                child["tiles"] = n;
                results.Add(child);
            }
        }

        report.Json["tiles"] = tiles;
        report.Json["memory_tiles"] = memoryTiles;
        report.Json["results"] = results;
    }

    /// <summary>Loads one model's weights and encodes N generated tiles in this (fresh) process, then its peak memory.</summary>
    public static void Child(BenchArgs args, TextWriter output)
    {
        var data = BenchData.From(args);
        var model = args.String("model") ?? throw new ArgumentException("--model is required");
        var tiles = args.Int("tiles", 10_000);
        args.ThrowIfUnused();
        var path = BenchData.Require(WeightsPath(data, model));
        Func<float[], long[], long[], float[]> encode;
        int inputDimension;
        if (model == "titan")
        {
            var titan = TitanSlideEncoder.Load(path);
            inputDimension = titan.InputDimension;
            var geometry = new SlideTileGeometry(Stride, Stride, null);
            encode = (f, x, y) => titan.Encode(f, tiles, x, y, geometry);
        }
        else
        {
            var variant = model.StartsWith("feather", StringComparison.Ordinal) ? GatedAttentionVariant.Feather : model == "chief" ? GatedAttentionVariant.Chief : GatedAttentionVariant.Madeleine;
            var gated = GatedAttentionSlideEncoder.Load(path, variant, model);
            inputDimension = gated.InputDimension;
            encode = (f, _, _) => gated.Encode(f, tiles);
        }

        var afterLoad = ProcessMemory.PeakRssMiB();
        var features = new float[(long)tiles * inputDimension];
        var key = SplitMixGenerator.Key(InputSeed, "input.features");
        for (var k = 0; k < features.Length; k++)
        {
            features[k] = (float)SplitMixGenerator.Uniform(key, k);
        }

        // A compact square of distinct cells, as a tissue region tiled without overlap.
        var side = (long)Math.Ceiling(Math.Sqrt(tiles));
        var xs = new long[tiles];
        var ys = new long[tiles];
        for (var i = 0; i < tiles; i++)
        {
            xs[i] = i % side * Stride;
            ys[i] = i / side * Stride;
        }

        var watch = Stopwatch.StartNew();
        var embedding = encode(features, xs, ys);
        var json = ProcessMemory.Snapshot();
        json["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 3);
        json["peak_rss_after_load_mib"] = Math.Round(afterLoad, 1);
        json["inputs_mib"] = Math.Round(((features.Length * 4.0) + (xs.Length * 16.0)) / 1048576.0, 1);
        json["finite"] = embedding.All(float.IsFinite);
        output.WriteLine(json.ToJsonString());
    }

    private static string WeightsPath(BenchData data, string model) => Path.Combine(data.Folder, model + "-random.safetensors");

    /// <summary>Writes the model's generated released-size state dict (the goldens' tensor list and seed) once.</summary>
    private static void EnsureWeights(BenchData data, string model, Report report)
    {
        var path = WeightsPath(data, model);
        if (File.Exists(path))
        {
            return;
        }

        var golden = Path.Combine(BenchData.RepositoryRoot(), "tests", "goldens", "slide_encoders", model + "_n1.safetensors");
        using var file = SafetensorsFile.Open(BenchData.Require(golden));
        report.Line($"  writing released-size random weights to {path} ...");
        var seed = ulong.Parse(file.Metadata["weight_seed"], CultureInfo.InvariantCulture);
        var (bytes, _) = GeneratedStateDict.Generate(seed, file.Metadata["tensors"]);
        var partial = path + ".partial";
        File.WriteAllBytes(partial, bytes);
        File.Move(partial, path, overwrite: true);
    }
}
