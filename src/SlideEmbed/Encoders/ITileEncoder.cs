using SlideEmbed.Models;

namespace SlideEmbed.Encoders;

/// <summary>Turns batches of preprocessed tiles into embeddings. One instance per device; not thread-safe.</summary>
public interface ITileEncoder : IDisposable
{
    /// <summary>The device it runs on, e.g. <c>cpu</c> or <c>cuda:0</c>.</summary>
    string Device { get; }

    /// <summary>Embedding dimension after the output recipe.</summary>
    int Dimension { get; }

    /// <summary>Model input edge in pixels.</summary>
    int InputSize { get; }

    /// <summary>Input element type.</summary>
    ModelPrecision Precision { get; }

    /// <summary>Encodes the filled slots of a batch.</summary>
    /// <param name="batch">The batch; only its first <see cref="EncoderBatch.Count"/> slots are used.</param>
    /// <param name="embeddings">Receives <c>Count x Dimension</c> floats, row-major.</param>
    void Encode(EncoderBatch batch, Span<float> embeddings);
}
