using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>
/// FEATHER, CHIEF and MADELEINE against float64 goldens of <c>tools/slide_encoders_reference.py</c>
/// (published module layout, strict load, generated weights; zeroed tile rows included), from 1 to 20,000 tiles.
/// </summary>
public sealed class GatedAttentionSlideEncoderTests
{
    public static TheoryData<string, int, GatedAttentionVariant> Cases => new()
    {
        { "feather-conch-v1-5", 1, GatedAttentionVariant.Feather },
        { "feather-conch-v1-5", 9, GatedAttentionVariant.Feather },
        { "feather-conch-v1-5", 1000, GatedAttentionVariant.Feather },
        { "feather-conch-v1-5", 5000, GatedAttentionVariant.Feather },
        { "feather-conch-v1-5", 20000, GatedAttentionVariant.Feather },
        { "feather-uni2-h", 1, GatedAttentionVariant.Feather },
        { "feather-uni2-h", 9, GatedAttentionVariant.Feather },
        { "feather-uni2-h", 3000, GatedAttentionVariant.Feather },
        { "feather-uni2-h", 20000, GatedAttentionVariant.Feather },
        { "chief", 1, GatedAttentionVariant.Chief },
        { "chief", 9, GatedAttentionVariant.Chief },
        { "chief", 3000, GatedAttentionVariant.Chief },
        { "chief", 20000, GatedAttentionVariant.Chief },
        { "madeleine", 1, GatedAttentionVariant.Madeleine },
        { "madeleine", 9, GatedAttentionVariant.Madeleine },
        { "madeleine", 3000, GatedAttentionVariant.Madeleine },
        { "madeleine", 20000, GatedAttentionVariant.Madeleine },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_GeneratedWeights_MatchesReferenceWithin1e4(string model, int n, GatedAttentionVariant variant)
    {
        var golden = SlideEncoderGolden.Load(model, n);
        using var weights = golden.StateDict();
        var encoder = GatedAttentionSlideEncoder.Create(weights, variant, model);
        golden.AssertMatches(encoder.Aggregate(golden.Features, n, encoder.InputDimension, golden.Xs, golden.Ys));
    }

    [Fact]
    public void Encode_ForcedVector256Kernel_MatchesReference()
    {
        var golden = SlideEncoderGolden.Load("madeleine", 3000);
        using var weights = golden.StateDict();
        var encoder = GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Madeleine, "madeleine", GemmKernel.Vector256);
        golden.AssertMatches(encoder.Encode(golden.Features, 3000));
    }

    [Fact]
    public void Encode_ShuffledTiles_SameEmbedding()
    {
        var golden = SlideEncoderGolden.Load("chief", 3000);
        using var weights = golden.StateDict();
        var encoder = GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Chief, "chief");
        var d = encoder.InputDimension;
        var order = Enumerable.Range(0, 3000).Reverse().ToArray();
        var shuffled = new float[golden.Features.Length];
        for (var i = 0; i < order.Length; i++)
        {
            golden.Features.AsSpan(order[i] * d, d).CopyTo(shuffled.AsSpan(i * d, d));
        }

        golden.AssertMatches(encoder.Encode(shuffled, 3000));
    }

    [Fact]
    public void Dimensions_Madeleine_FourHeadsOf512To512()
    {
        var golden = SlideEncoderGolden.Load("madeleine", 1);
        using var weights = golden.StateDict();
        var encoder = GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Madeleine, "madeleine");
        Assert.Equal((512, 2048, 4, 512), (encoder.InputDimension, encoder.EmbeddedDimension, encoder.Heads, encoder.OutputDimension));
    }

    [Fact]
    public void Create_WrongVariantForKeys_ThrowsNamingMissingTensor()
    {
        var golden = SlideEncoderGolden.Load("feather-conch-v1-5", 1);
        using var weights = golden.StateDict();
        var e = Assert.Throws<InvalidDataException>(() => GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Chief, "chief"));
        Assert.Contains("attention_net.0.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ExtraTensor_ThrowsNamingIt()
    {
        var golden = SlideEncoderGolden.Load("feather-conch-v1-5", 1);
        using var original = golden.StateDict();
        var writer = new SafetensorsWriter();
        foreach (var t in original.Tensors)
        {
            writer.AddFloat32(t.Name, original.ReadFloat32(t.Name), [.. t.Shape]);
        }

        writer.AddFloat32("model.classifier.weight", new float[512], 1, 512);
        using var weights = SafetensorsFile.FromBytes(writer.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Feather, "feather"));
        Assert.Contains("model.classifier.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_NoTiles_ThrowsEmptySlide()
    {
        var golden = SlideEncoderGolden.Load("feather-conch-v1-5", 1);
        using var weights = golden.StateDict();
        var encoder = GatedAttentionSlideEncoder.Create(weights, GatedAttentionVariant.Feather, "feather");
        Assert.Throws<EmptySlideException>(() => encoder.Encode([], 0));
    }
}
