using SlideEmbed.Aggregation;
using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>The encoder against the float64 reference vectors of the scaled-down model (../shared/longnet/mini).</summary>
public sealed class LongNetMiniReferenceTests
{
    public static TheoryData<int> Cases() => new(LongNetReference.MiniCases);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EncodeAll_MiniCase_MatchesReferenceWithin1e4(int n)
    {
        var dir = LongNetReference.MiniDir();
        var c = LongNetReference.Load(Path.Combine(dir, $"case_{n}.safetensors"));
        var encoder = LongNetReference.MiniEncoder(dir);
        float[]? attention = null;
        var result = encoder.EncodeAll(c.Features, c.Count, c.Xs, c.Ys, null, (layer, a) =>
        {
            if (layer == 0)
            {
                attention = a.ToArray();
            }
        });

        LongNetReference.AssertMatches(c, result, $"case_{n}");
        if (c.Layer0Attention is not null)
        {
            var diff = LongNetReference.MaxAbs(attention!, c.Layer0Attention);
            Assert.True(diff <= LongNetReference.Tolerance, $"case_{n} layer0_attention: max abs {diff:E2}");
        }
    }

    [Fact]
    public void EncodeAll_Vector256Kernel_MatchesReference()
    {
        // Auto picks the 512-bit kernel where it exists; force the 256-bit one on such machines too.
        var dir = LongNetReference.MiniDir();
        var c = LongNetReference.Load(Path.Combine(dir, "case_1100.safetensors"));
        using var weights = SafetensorsFile.Open(Path.Combine(dir, "weights.safetensors"));
        var encoder = LongNetSlideEncoder.Create(weights, LongNetReference.MiniOptions(dir, LongNetOutput.Cls), GemmKernel.Vector256);

        LongNetReference.AssertMatches(c, encoder.EncodeAll(c.Features, c.Count, c.Xs, c.Ys), "case_1100 with the 256-bit kernel");
    }

    [Fact]
    public void Encode_EveryNamedOutput_EqualsTheMatchingVectorOfEncodeAll()
    {
        var dir = LongNetReference.MiniDir();
        var c = LongNetReference.Load(Path.Combine(dir, "case_40.safetensors"));
        var encoder = LongNetReference.MiniEncoder(dir);
        var all = encoder.EncodeAll(c.Features, c.Count, c.Xs, c.Ys);
        var depth = encoder.Architecture.Depth;
        var outputs = new List<LongNetOutput> { LongNetOutput.Cls, LongNetOutput.Mean };
        for (var i = 0; i <= depth; i++)
        {
            outputs.Add(LongNetOutput.LayerCls(i));
            outputs.Add(LongNetOutput.LayerMean(i));
        }

        foreach (var output in outputs)
        {
            Assert.Equal(all.Select(output), encoder.Encode(c.Features, c.Count, c.Xs, c.Ys, output));
        }
    }

    [Fact]
    public void EncodeAll_OneThreadOrAll_BitIdentical()
    {
        var dir = LongNetReference.MiniDir();
        var c = LongNetReference.Load(Path.Combine(dir, "case_1100.safetensors"));
        var options = LongNetReference.MiniOptions(dir, LongNetOutput.Cls);
        var parallel = LongNetSlideEncoder.Load(Path.Combine(dir, "weights.safetensors"), options);
        var serial = LongNetSlideEncoder.Load(Path.Combine(dir, "weights.safetensors"), options with { MaxDegreeOfParallelism = 1 });

        var a = parallel.EncodeAll(c.Features, c.Count, c.Xs, c.Ys);
        var b = serial.EncodeAll(c.Features, c.Count, c.Xs, c.Ys);

        Assert.Equal(a.Cls.ToArray(), b.Cls.ToArray());
        Assert.Equal(a.Mean.ToArray(), b.Mean.ToArray());
        Assert.Equal(a.LayerMean(1).ToArray(), b.LayerMean(1).ToArray());
    }

    [Fact]
    public void Load_MiniWeights_ArchitectureReadFromTheWeights()
    {
        var dir = LongNetReference.MiniDir();
        var encoder = LongNetReference.MiniEncoder(dir);

        Assert.Equal(new LongNetArchitecture(64, 128, 2, 16, 512), encoder.Architecture);
        Assert.Equal(8, encoder.Architecture.HeadDimension);
        Assert.Equal(128, encoder.OutputDimension);
        Assert.Equal(185362, encoder.MaxTiles);
    }
}
