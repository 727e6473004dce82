using SlideEmbed.Aggregation;

namespace SlideEmbed.Tests.Aggregation;

/// <summary>A small generated LongNet (input 16, width 32, 2 layers, 4 heads, FFN 64) for fast behavioural tests.</summary>
internal static class TinyLongNet
{
    public const int InputDimension = 16;

    public const int Width = 32;

    public const int Depth = 2;

    public static LongNetOptions Options => new() { Heads = 4, Output = LongNetOutput.LayerMean(2) };

    public static LongNetSlideEncoder Create(LongNetOptions? options = null)
    {
        var (file, _) = SplitMixGenerator.StateDict(99, InputDimension, Width, Depth, 64);
        using (file)
        {
            return LongNetSlideEncoder.Create(file, options ?? Options);
        }
    }

    /// <summary>Seeded random tile embeddings and distinct grid-aligned coordinates.</summary>
    public static (float[] Features, long[] Xs, long[] Ys) Slide(int count, int dimension, int seed = 3)
    {
        var random = new Random(seed);
        var features = new float[count * dimension];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var xs = new long[count];
        var ys = new long[count];
        for (var i = 0; i < count; i++)
        {
            xs[i] = 256L * (i % 37);
            ys[i] = 256L * (i / 37);
        }

        return (features, xs, ys);
    }
}
