using System.Diagnostics;
using SlideEmbed.Aggregation;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// The released-size model (D 768, 12 layers, 16 heads, input 1536; random weights from
/// <see cref="SplitMixGenerator"/>) against float64 goldens from <c>tools/longnet_reference.py</c>.
/// </summary>
public sealed class LongNetReleasedSizeTests : IClassFixture<LongNetReleasedSizeTests.ReleasedModel>
{
    private readonly ReleasedModel _model;

    public LongNetReleasedSizeTests(ReleasedModel model) => _model = model;

    [Fact]
    public void EncodeAll_ReleasedSizeOneTile_MatchesGoldenWithin1e4() => CheckGolden(1);

    [Fact]
    [Trait("Category", "Slow")]
    public void EncodeAll_ReleasedSize1030Tiles_MatchesGoldenWithin1e4()
    {
        // L = 1031: branch 0 has two segments, branches 1-4 have phantom keys for some heads.
        SlowTests.RequireOptimizedCore("The released-size forward over 1030 tiles (about 230 GFLOP)");
        CheckGolden(1030);
    }

    private void CheckGolden(int n)
    {
        var golden = Golden(n, out var meta);
        Assert.Equal(ReleasedModel.WeightSeed.ToString(System.Globalization.CultureInfo.InvariantCulture), meta["weight_seed"]);
        var (encoder, checksums) = _model.Get();
        var expectedChecksums = golden.ReadFloat64("weight_checksums");
        for (var t = 0; t < checksums.Length; t++)
        {
            Assert.True(Math.Abs(checksums[t] - expectedChecksums[t]) <= 1e-6 * Math.Max(1, Math.Abs(expectedChecksums[t])), $"weight generator disagrees with the reference on tensor {t}: {checksums[t]} vs {expectedChecksums[t]}");
        }

        var inputSeed = ulong.Parse(meta["input_seed"], System.Globalization.CultureInfo.InvariantCulture);
        var (features, xs, ys) = SplitMixGenerator.Inputs(inputSeed, n, encoder.InputDimension);
        var coords = golden.ReadInt64("coords");
        for (var i = 0; i < n; i++)
        {
            Assert.Equal((coords[2 * i], coords[(2 * i) + 1]), (xs[i], ys[i]));
        }

        var featureChecks = golden.ReadFloat64("features_checksum");
        Assert.Equal(featureChecks[0], features.Sum(v => (double)v), 6);
        Assert.Equal(featureChecks[1], features[0]);
        Assert.Equal(featureChecks[2], features[^1]);

        float[]? attention = null;
        var result = encoder.EncodeAll(features, n, xs, ys, null, (layer, a) =>
        {
            if (layer == 0)
            {
                attention = a.ToArray();
            }
        });

        var expected = new LongNetReference.Case(n, features, xs, ys, golden.ReadFloat64("cls"), golden.ReadFloat64("mean"), golden.ReadFloat64("layers_cls"), golden.ReadFloat64("layers_mean"), null);
        LongNetReference.AssertMatches(expected, result, $"released_n{n}");

        var rows = golden.ReadInt64("layer0_attention_rows");
        var expectedRows = golden.ReadFloat64("layer0_attention");
        var d = encoder.OutputDimension;
        for (var r = 0; r < rows.Length; r++)
        {
            var diff = LongNetReference.MaxAbs(attention.AsSpan((int)rows[r] * d, d), expectedRows.AsSpan(r * d, d));
            Assert.True(diff <= LongNetReference.Tolerance, $"released_n{n} layer0_attention row {rows[r]}: max abs {diff:E2}");
        }
    }

    private static SafetensorsFile Golden(int n, out IReadOnlyDictionary<string, string> metadata)
    {
        var path = Path.Combine(TestAssets.GoldensDir, "longnet", $"released_n{n}.safetensors");
        var file = SafetensorsFile.FromBytes(File.ReadAllBytes(path), path);
        metadata = file.Metadata;
        return file;
    }

    /// <summary>The generated released-size encoder, built once per test class (about 0.7 GB while building).</summary>
    public sealed class ReleasedModel
    {
        public const ulong WeightSeed = 20240522;

        private readonly Lazy<(LongNetSlideEncoder, double[])> _model = new(Build);

        public (LongNetSlideEncoder Encoder, double[] Checksums) Get() => _model.Value;

        private static (LongNetSlideEncoder, double[]) Build()
        {
            var watch = Stopwatch.StartNew();
            var (file, checksums) = SplitMixGenerator.StateDict(WeightSeed, 1536, 768, 12, 3072);
            using (file)
            {
                var encoder = LongNetSlideEncoder.Create(file, new LongNetOptions());
                Assert.Equal(86_330_880, encoder.Architecture.ParameterCount);
                TestContext.Current.SendDiagnosticMessage($"released-size model generated in {watch.Elapsed.TotalSeconds:F1} s");
                return (encoder, checksums);
            }
        }
    }
}
