using System.Diagnostics;
using SlideEmbed.Encoders;
using SlideEmbed.Models;

namespace SlideEmbed.Bench;

/// <summary>
/// Stands in for a GPU: each batch takes the wall time the device would (tiles over tiles per second) and
/// no CPU, so the machine's cores stay with the readers, as they do beside a real GPU. Embeddings are zeros.
/// </summary>
internal sealed class SimulatedGpuEncoder(ModelManifest manifest, double tilesPerSecond) : ITileEncoder
{
    public string Device => "simulated-gpu";

    public int Dimension => manifest.Dimension;

    public int InputSize => manifest.InputSize;

    public ModelPrecision Precision => manifest.Precision;

    public void Encode(EncoderBatch batch, Span<float> embeddings)
    {
        var end = Stopwatch.GetTimestamp() + (long)(batch.Count / tilesPerSecond * Stopwatch.Frequency);
        embeddings[..(batch.Count * Dimension)].Clear();
        for (var left = end - Stopwatch.GetTimestamp(); left > 0; left = end - Stopwatch.GetTimestamp())
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, left * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }
    }

    public void Dispose()
    {
    }
}
