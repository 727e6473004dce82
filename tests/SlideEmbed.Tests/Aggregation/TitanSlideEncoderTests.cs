using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// TITAN (released sizes: 768 wide, 6 blocks of 12 heads, 8-head pooler; generated weights) against float64
/// goldens of <c>tools/slide_encoders_reference.py</c>, whose grid step and dense ALiBi bias follow the
/// published code (evaluated one block of queries at a time). The cases, from 1 to 20,000 tiles, have an offset
/// origin, holes, duplicate tiles, off-grid tiles and zero rows.
/// </summary>
public sealed class TitanSlideEncoderTests : IClassFixture<TitanSlideEncoderTests.GeneratedTitan>
{
    private readonly GeneratedTitan _model;

    public TitanSlideEncoderTests(GeneratedTitan model) => _model = model;

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(300)]
    public void Encode_GeneratedWeights_MatchesReferenceWithin1e4(int n) => Check(n, _model.Encoder);

    [Fact]
    public void Encode_1500Tiles_MatchesReferenceWithin1e4()
    {
        SlowTests.RequireOptimizedCore("TITAN over 1500 tiles (about 100 GFLOP)");
        Check(1500, _model.Encoder);
    }

    [Fact]
    public void Encode_5000Tiles_MatchesReferenceWithin1e4()
    {
        // Regenerated coordinates: duplicates sum into about 4,000 cells, off-grid tiles every 97 rows.
        SlowTests.RequireOptimizedCore("TITAN over 5000 tiles (about 4,000 cells, 0.6 TFLOP)");
        Check(5000, _model.Encoder);
    }

    [Fact]
    public void Encode_20000Tiles_MatchesReferenceWithin1e4()
    {
        // About 16,000 non-empty cells after the duplicates are summed: a full attention of 16,000 tokens.
        SlowTests.Require("TITAN over 20,000 tiles (about 16,000 cells, 6 TFLOP: a minute or more on 2 cores)");
        Check(20000, _model.Encoder);
    }

    [Fact]
    public void Encode_ForcedVector256Kernel_MatchesReference()
    {
        using var weights = _model.Weights.StateDict();
        Check(300, TitanSlideEncoder.Create(weights, "titan", 12, 8, GemmKernel.Vector256));
    }

    [Fact]
    public void Encode_AllTilesZero_ThrowsEmptySlide()
    {
        var features = new float[3 * 768];
        var e = Assert.Throws<EmptySlideException>(() => _model.Encoder.Encode(features, 3, [0, 512, 1024], [0, 0, 0], new SlideTileGeometry(512, 512, null)));
        Assert.Contains("zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForSlide_Aggregate_EqualsEncodeWithGeometry()
    {
        var golden = SlideEncoderGolden.Load("titan", 9);
        var geometry = new SlideTileGeometry(golden.PatchSize, golden.PatchSize, null);
        var viaAggregator = _model.Encoder.ForSlide(geometry).Aggregate(golden.Features, 9, 768, golden.Xs, golden.Ys);
        golden.AssertMatches(viaAggregator);
    }

    [Fact]
    public void Encode_TileSizeDoubledAndCoordinatesDoubled_SameEmbedding()
    {
        // A 40x scan: level-0 coordinates and the level-0 tile edge both double; the grid is the same.
        var golden = SlideEncoderGolden.Load("titan", 300);
        var xs = golden.Xs.Select(x => 2 * x).ToArray();
        var ys = golden.Ys.Select(y => 2 * y).ToArray();
        golden.AssertMatches(_model.Encoder.Encode(golden.Features, 300, xs, ys, new SlideTileGeometry(2 * golden.PatchSize, 2 * golden.PatchSize, null)));
    }

    [Fact]
    public void Slopes_TwelveHeads_PublishedSequence()
    {
        double[] expected = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625, Math.Pow(2, -0.5), Math.Pow(2, -1.5), Math.Pow(2, -2.5), Math.Pow(2, -3.5)];
        var actual = AlibiAttention.Slopes(12);
        Assert.Equal(expected.Length, actual.Length);
        for (var h = 0; h < expected.Length; h++)
        {
            Assert.Equal(expected[h], actual[h], 12);
        }
    }

    [Fact]
    public void Create_MissingPooler_ThrowsNamingTensor()
    {
        using var original = _model.Weights.StateDict();
        var writer = new SafetensorsWriter();
        foreach (var t in original.Tensors.Where(t => !t.Name.Contains("ln_k", StringComparison.Ordinal)))
        {
            writer.AddFloat32(t.Name, original.ReadFloat32(t.Name), [.. t.Shape]);
        }

        using var weights = SafetensorsFile.FromBytes(writer.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => TitanSlideEncoder.Create(weights));
        Assert.Contains("attn_pool_contrastive.ln_k.weight", e.Message, StringComparison.Ordinal);
    }

    private static void Check(int n, TitanSlideEncoder encoder)
    {
        var golden = SlideEncoderGolden.Load("titan", n);
        golden.AssertMatches(encoder.Encode(golden.Features, n, golden.Xs, golden.Ys, new SlideTileGeometry(golden.PatchSize, golden.PatchSize, null)));
    }

    /// <summary>The generated released-size TITAN, built once per test class.</summary>
    public sealed class GeneratedTitan
    {
        private readonly Lazy<TitanSlideEncoder> _encoder;

        public GeneratedTitan()
        {
            Weights = SlideEncoderGolden.Load("titan", 1);
            _encoder = new(() =>
            {
                using var weights = Weights.StateDict();
                return TitanSlideEncoder.Create(weights);
            });
        }

        /// <summary>The case whose generated state dict (cached) every test shares.</summary>
        internal SlideEncoderGolden Weights { get; }

        public TitanSlideEncoder Encoder => _encoder.Value;
    }
}
