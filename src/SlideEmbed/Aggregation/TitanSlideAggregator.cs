namespace SlideEmbed.Aggregation;

/// <summary>A <see cref="TitanSlideEncoder"/> bound to one slide's tile geometry.</summary>
internal sealed class TitanSlideAggregator : ISlideAggregator
{
    private readonly TitanSlideEncoder _encoder;
    private readonly SlideTileGeometry _geometry;

    public TitanSlideAggregator(TitanSlideEncoder encoder, SlideTileGeometry geometry)
    {
        _encoder = encoder;
        _geometry = geometry;
    }

    public string Name => _encoder.Name;

    public int InputDimension => _encoder.InputDimension;

    public int OutputDimension => _encoder.OutputDimension;

    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return _encoder.Encode(tileEmbeddings, count, xs, ys, _geometry);
    }
}
