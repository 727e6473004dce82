using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Pipeline;
using SlideEmbed.Tiling;

namespace SlideEmbed.Bench;

/// <summary>An encoder that discards its batches, so the pipeline measures reading and preprocessing only.</summary>
internal sealed class NullEncoder(int inputSize) : ITileEncoder
{
    public string Device => "none";

    public int Dimension => 1;

    public int InputSize => inputSize;

    public ModelPrecision Precision => ModelPrecision.Fp32;

    public int Batches { get; private set; }

    public void Encode(EncoderBatch batch, Span<float> embeddings)
    {
        Batches++;
        embeddings[..batch.Count].Clear();
    }

    public void Dispose()
    {
    }
}

/// <summary>A sink that counts tiles and keeps nothing.</summary>
internal sealed class CountingSink : ITileEmbeddingSink
{
    public int Tiles { get; private set; }

    public int Failed { get; private set; }

    public void Add(Tile tile, ReadOnlySpan<float> embedding, string? readError)
    {
        Tiles++;
        if (readError is not null)
        {
            Failed++;
        }
    }
}
