using SlideEmbed.Aggregation;
using SlideEmbed.Geometry;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Tests.Aggregation;

public sealed class LongNetSlideEncoderTests
{
    private static readonly Lazy<LongNetSlideEncoder> s_encoder = new(() => TinyLongNet.Create());

    [Theory]
    [InlineData(256_000, 0)]
    [InlineData(0, 256_000)]
    [InlineData(-1, 0)]
    [InlineData(0, -256)]
    public void Encode_CoordinateOutsideTheGrid_ThrowsNamingTheGrid(long x, long y)
    {
        var (f, xs, ys) = TinyLongNet.Slide(3, TinyLongNet.InputDimension);
        xs[1] = x;
        ys[1] = y;

        var e = Assert.Throws<ArgumentException>(() => s_encoder.Value.Encode(f, 3, xs, ys, LongNetOutput.Cls));
        Assert.Contains("Tile 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("1000 x 1000", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 256000)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_LastGridCell_Accepted()
    {
        var (f, _, _) = TinyLongNet.Slide(1, TinyLongNet.InputDimension);

        Assert.Equal(TinyLongNet.Width, s_encoder.Value.Encode(f, 1, [255_999], [255_999], LongNetOutput.Cls).Length);
    }

    [Fact]
    public void Encode_CoordinatesInsideOneCell_SameEmbedding()
    {
        var (f, _, _) = TinyLongNet.Slide(2, TinyLongNet.InputDimension);

        var a = s_encoder.Value.Encode(f, 2, [512, 1024], [256, 0], LongNetOutput.Mean);
        var b = s_encoder.Value.Encode(f, 2, [767, 1279], [511, 255], LongNetOutput.Mean);
        var c = s_encoder.Value.Encode(f, 2, [768, 1024], [256, 0], LongNetOutput.Mean);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Encode_SwappedAxes_DifferentEmbedding()
    {
        var (f, _, _) = TinyLongNet.Slide(2, TinyLongNet.InputDimension);

        Assert.NotEqual(
            s_encoder.Value.Encode(f, 2, [0, 2560], [512, 0], LongNetOutput.Mean),
            s_encoder.Value.Encode(f, 2, [512, 0], [0, 2560], LongNetOutput.Mean));
    }

    [Fact]
    public void ForSlide_CoordinateMpp_RescalesBeforeTheGrid()
    {
        var framed = TinyLongNet.Create(TinyLongNet.Options with { CoordinateMpp = MicronsPerPixel.Isotropic(0.5) });
        var (f, xs, ys) = TinyLongNet.Slide(20, TinyLongNet.InputDimension);
        var doubled = xs.Select(x => x * 2).ToArray();
        var doubledY = ys.Select(y => y * 2).ToArray();

        var viaFrame = framed.ForSlide(MicronsPerPixel.Isotropic(0.25)).Aggregate(f, 20, TinyLongNet.InputDimension, doubled, doubledY);
        var direct = s_encoder.Value.Aggregate(f, 20, TinyLongNet.InputDimension, xs, ys);

        Assert.Equal(direct, viaFrame);
        Assert.Throws<InvalidOperationException>(() => framed.Aggregate(f, 20, TinyLongNet.InputDimension, xs, ys));
        Assert.Throws<ArgumentException>(() => framed.Encode(f, 20, xs, ys, LongNetOutput.Cls));
    }

    [Fact]
    public void Encode_MoreThanMaxTiles_ThrowsNotSupported()
    {
        // Segment 6 with dilation 4 spans several segments once L > 6: at most 5 tiles.
        var encoder = TinyLongNet.Create(TinyLongNet.Options with { SegmentLengths = [4, 6], DilationRatios = [1, 4] });
        var (f, xs, ys) = TinyLongNet.Slide(6, TinyLongNet.InputDimension);

        Assert.Equal(5, encoder.MaxTiles);
        Assert.Equal(TinyLongNet.Width, encoder.Encode(f.AsSpan(0, 5 * TinyLongNet.InputDimension), 5, xs.AsSpan(0, 5), ys.AsSpan(0, 5), LongNetOutput.Cls).Length);
        var e = Assert.Throws<NotSupportedException>(() => encoder.Encode(f, 6, xs, ys, LongNetOutput.Cls));
        Assert.Contains("at most 5 tiles", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_LayerBeyondDepth_Throws()
    {
        var (f, xs, ys) = TinyLongNet.Slide(2, TinyLongNet.InputDimension);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => s_encoder.Value.Encode(f, 2, xs, ys, LongNetOutput.LayerMean(3)));
        Assert.Contains("2 layers", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => TinyLongNet.Create(TinyLongNet.Options with { Output = LongNetOutput.TridentDefault }));
    }

    [Fact]
    public void Encode_LayerZeroMean_IsNormOfTheMeanInputEmbedding()
    {
        var (f, xs, ys) = TinyLongNet.Slide(5, TinyLongNet.InputDimension);
        var all = s_encoder.Value.EncodeAll(f, 5, xs, ys);

        // Hidden state 0 does not depend on attention: a different branch layout leaves it unchanged.
        var other = TinyLongNet.Create(TinyLongNet.Options with { SegmentLengths = [2], DilationRatios = [1] });
        var changed = other.EncodeAll(f, 5, xs, ys);

        Assert.Equal(all.LayerMean(0).ToArray(), changed.LayerMean(0).ToArray());
        Assert.Equal(all.LayerCls(0).ToArray(), changed.LayerCls(0).ToArray());
        Assert.NotEqual(all.LayerMean(1).ToArray(), changed.LayerMean(1).ToArray());
    }

    [Fact]
    public void Create_MissingTensor_ThrowsNamingIt()
    {
        var file = Generated(drop: "encoder.layers.1.ffn.fc2.bias");

        var e = Assert.Throws<InvalidDataException>(() => LongNetSlideEncoder.Create(file, TinyLongNet.Options));
        Assert.Contains("'encoder.layers.1.ffn.fc2.bias' is missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WrongShape_ThrowsNamingExpectedShape()
    {
        var file = Generated(reshape: ("encoder.layers.0.ffn.fc1.bias", [63]));

        var e = Assert.Throws<InvalidDataException>(() => LongNetSlideEncoder.Create(file, TinyLongNet.Options));
        Assert.Contains("'encoder.layers.0.ffn.fc1.bias' has shape [63]; expected [64]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnexpectedTensor_Throws()
    {
        var file = Generated(extra: "encoder.layers.0.self_attn.rel_pos.weight");

        var e = Assert.Throws<InvalidDataException>(() => LongNetSlideEncoder.Create(file, TinyLongNet.Options));
        Assert.Contains("rel_pos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_HeadsNotDividingWidth_Throws() =>
        Assert.Throws<ArgumentException>(() => TinyLongNet.Create(TinyLongNet.Options with { Heads = 5 }));

    [Theory]
    [InlineData(new[] { 1024 }, new[] { 1, 2 })]
    [InlineData(new int[0], new int[0])]
    [InlineData(new[] { 0 }, new[] { 1 })]
    [InlineData(new[] { 8 }, new[] { -1 })]
    public void Options_BadBranches_Rejected(int[] segments, int[] ratios) =>
        Assert.ThrowsAny<ArgumentException>(() => new LongNetOptions { SegmentLengths = segments, DilationRatios = ratios }.Validate());

    [Fact]
    public void Options_Defaults_AreTheReleasedModel()
    {
        var o = new LongNetOptions();
        o.Validate();

        Assert.Equal(16, o.Heads);
        Assert.Equal([1024, 5792, 32768, 185363, 1048576], o.SegmentLengths);
        Assert.Equal([1, 2, 4, 8, 16], o.DilationRatios);
        Assert.Equal(256, o.TileSize);
        Assert.Equal(1000, o.GridSize);
        Assert.Equal(LongNetOutput.LayerMean(11), o.Output);
        Assert.Null(o.CoordinateMpp);
    }

    private static SafetensorsFile Generated(string? drop = null, (string Name, long[] Shape)? reshape = null, string? extra = null)
    {
        var writer = new SafetensorsWriter();
        foreach (var (name, shape) in SplitMixGenerator.StateDictShapes(TinyLongNet.InputDimension, TinyLongNet.Width, TinyLongNet.Depth, 64))
        {
            if (name == drop)
            {
                continue;
            }

            var s = reshape is { } r && r.Name == name ? r.Shape : shape;
            writer.AddFloat32(name, new float[s.Aggregate(1L, (a, b) => a * b)], s);
        }

        if (extra is not null)
        {
            writer.AddFloat32(extra, [1f], 1);
        }

        return SafetensorsFile.FromBytes(writer.ToArray());
    }
}
