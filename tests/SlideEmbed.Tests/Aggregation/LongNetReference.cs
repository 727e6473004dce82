using System.Text.Json;
using SlideEmbed.Aggregation;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>The reference vectors in <c>../shared/longnet/mini</c> and the comparisons made against them.</summary>
internal static class LongNetReference
{
    /// <summary>Maximum absolute difference allowed against a float64 reference.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Tile counts of the shared mini cases.</summary>
    public static readonly int[] MiniCases = [1, 2, 5, 40, 1100, 2100, 6000];

    /// <summary>The mini folder, skipping the test when the shared fixtures are absent.</summary>
    public static string MiniDir()
    {
        var shared = TestAssets.SharedDir;
        var dir = shared is null ? null : Path.Combine(shared, "longnet", "mini");
        if (dir is null || !Directory.Exists(dir))
        {
            Assert.Skip($"The LongNet reference vectors (../shared/longnet/mini beside {TestAssets.RepoRoot}, or $SLIDEEMBED_SHARED/longnet/mini) are absent.");
        }

        return dir;
    }

    /// <summary>Options from the mini model's config.json (heads, branches, grid).</summary>
    public static LongNetOptions MiniOptions(string dir, LongNetOutput output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        var root = json.RootElement;
        return new LongNetOptions
        {
            Heads = root.GetProperty("heads").GetInt32(),
            SegmentLengths = root.GetProperty("segments").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            DilationRatios = root.GetProperty("dilations").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            TileSize = root.GetProperty("tile_size").GetInt32(),
            GridSize = root.GetProperty("ngrids").GetInt32(),
            Output = output,
        };
    }

    /// <summary>The mini encoder as config.json describes it.</summary>
    public static LongNetSlideEncoder MiniEncoder(string dir, LongNetOutput? output = null) =>
        LongNetSlideEncoder.Load(Path.Combine(dir, "weights.safetensors"), MiniOptions(dir, output ?? LongNetOutput.Cls));

    /// <summary>One case's inputs and expected outputs.</summary>
    public static Case Load(string path)
    {
        using var file = SafetensorsFile.Open(path);
        var features = file.ReadFloat32("features");
        var coords = file.ReadFloat64("coords");
        var n = (int)file.Info("features").Shape[0];
        var xs = new long[n];
        var ys = new long[n];
        for (var i = 0; i < n; i++)
        {
            xs[i] = (long)Math.Floor(coords[2 * i]);
            ys[i] = (long)Math.Floor(coords[(2 * i) + 1]);
        }

        return new Case(
            n,
            features,
            xs,
            ys,
            file.ReadFloat64("cls"),
            file.ReadFloat64("mean"),
            file.ReadFloat64("layers_cls"),
            file.ReadFloat64("layers_mean"),
            file.Contains("layer0_attention") ? file.ReadFloat64("layer0_attention") : null);
    }

    /// <summary>Largest |a - b|, asserting equal lengths.</summary>
    public static double MaxAbs(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            var e = Math.Abs(actual[i] - expected[i]);
            worst = double.IsNaN(e) ? double.PositiveInfinity : Math.Max(worst, e);
        }

        return worst;
    }

    /// <summary>Asserts all four outputs (every hidden state) within <see cref="Tolerance"/>.</summary>
    public static void AssertMatches(Case c, LongNetEmbeddings actual, string label)
    {
        var d = c.Cls.Length;
        var failures = new List<string>();
        var worst = 0.0;
        void Check(string what, ReadOnlySpan<float> a, ReadOnlySpan<double> e)
        {
            var diff = MaxAbs(a, e);
            worst = Math.Max(worst, diff);
            if (!(diff <= Tolerance))
            {
                failures.Add($"{what}: max abs {diff:E2}");
            }
        }

        Check("cls", actual.Cls, c.Cls);
        Check("mean", actual.Mean, c.Mean);
        var states = c.LayersCls.Length / d;
        Assert.Equal(states, actual.HiddenStates);
        for (var i = 0; i < states; i++)
        {
            Check($"layers_cls[{i}]", actual.LayerCls(i), c.LayersCls.AsSpan(i * d, d));
            Check($"layers_mean[{i}]", actual.LayerMean(i), c.LayersMean.AsSpan(i * d, d));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{label}: largest difference over all outputs {worst:E2}");
        Assert.True(failures.Count == 0, $"{label}: {string.Join("; ", failures)} (tolerance {Tolerance:E0})");
    }

    /// <summary>One reference case.</summary>
    public sealed record Case(int Count, float[] Features, long[] Xs, long[] Ys, double[] Cls, double[] Mean, double[] LayersCls, double[] LayersMean, double[]? Layer0Attention);
}
