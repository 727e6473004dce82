using System.Diagnostics;
using SlideEmbed.Encoders;
using SlideEmbed.Models;

namespace SlideEmbed.Bench;

/// <summary>Wraps an encoder and adds up the time spent inside <see cref="Encode"/>, to tell pipeline stalls from slower inference.</summary>
internal sealed class TimedEncoder(ITileEncoder inner) : ITileEncoder
{
    private long _ticks;

    public string Device => inner.Device;

    public int Dimension => inner.Dimension;

    public int InputSize => inner.InputSize;

    public ModelPrecision Precision => inner.Precision;

    public double Seconds => (double)Interlocked.Read(ref _ticks) / Stopwatch.Frequency;

    public int Batches { get; private set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _ticks, 0);
        Batches = 0;
    }

    public void Encode(EncoderBatch batch, Span<float> embeddings)
    {
        var start = Stopwatch.GetTimestamp();
        inner.Encode(batch, embeddings);
        Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        Batches++;
    }

    // The inner encoder belongs to the caller.
    public void Dispose()
    {
    }
}
