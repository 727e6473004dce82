using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <summary>A <see cref="LongNetSlideEncoder"/> bound to one slide's resolution and one output.</summary>
internal sealed class LongNetSlideAggregator : ISlideAggregator
{
    private readonly LongNetSlideEncoder _encoder;
    private readonly MicronsPerPixel _slideMpp;
    private readonly LongNetOutput _output;

    public LongNetSlideAggregator(LongNetSlideEncoder encoder, MicronsPerPixel slideMpp, LongNetOutput output)
    {
        _encoder = encoder;
        _slideMpp = slideMpp;
        _output = output;
    }

    public string Name => _encoder.Name;

    public int InputDimension => _encoder.InputDimension;

    public int OutputDimension => _encoder.OutputDimension;

    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return _encoder.Encode(tileEmbeddings, count, xs, ys, _output, _slideMpp);
    }
}
