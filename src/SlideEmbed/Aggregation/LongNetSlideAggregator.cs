using SlideEmbed.Geometry;

namespace SlideEmbed.Aggregation;

/// <summary>A <see cref="LongNetSlideEncoder"/> bound to one slide's resolution and one output.</summary>
internal sealed class LongNetSlideAggregator(LongNetSlideEncoder encoder, MicronsPerPixel slideMpp, LongNetOutput output) : ISlideAggregator
{
    public string Name => encoder.Name;

    public int InputDimension => encoder.InputDimension;

    public int OutputDimension => encoder.OutputDimension;

    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return encoder.Encode(tileEmbeddings, count, xs, ys, output, slideMpp);
    }
}
