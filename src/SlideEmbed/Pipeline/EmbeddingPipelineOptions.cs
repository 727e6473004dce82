namespace SlideEmbed.Pipeline;

/// <summary>Concurrency and failure limits of the tile embedding pipeline. Immutable.</summary>
public sealed class EmbeddingPipelineOptions
{
    /// <summary>Tile reader workers (each reads a region and preprocesses it); default: the core count, at least 2, at most 8.</summary>
    public int Readers { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>The default reader count for a run's devices: the core count minus one (at least 1) when any is a GPU, which then only waits for tiles; else <see cref="Readers"/>' default.</summary>
    /// <param name="anyGpu">Whether a GPU device is requested.</param>
    /// <returns>1 to 64.</returns>
    public static int DefaultReaders(bool anyGpu) =>
        anyGpu ? Math.Clamp(Environment.ProcessorCount - 1, 1, 64) : new EmbeddingPipelineOptions().Readers;

    /// <summary>Tiles per inference batch; default 32. The last batch of a slide may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The slide fails when more than this fraction of its tiles cannot be read; default 0.05.</summary>
    public double MaxFailedTileFraction { get; init; } = 0.05;

    /// <summary>
    /// Turns at the host's cores that the CPU encoders (device <c>cpu</c>) take for each batch, shared with
    /// other processes (<see cref="HostCoreSlots"/>); null runs without turns.
    /// </summary>
    public IComputeSlots? CpuSlots { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Readers < 1 || Readers > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(Readers), Readers, "Readers must be between 1 and 64.");
        }

        if (BatchSize < 1 || BatchSize > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be between 1 and 4096.");
        }

        if (!(MaxFailedTileFraction >= 0 && MaxFailedTileFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFailedTileFraction), MaxFailedTileFraction, "The failed-tile fraction must be between 0 and 1.");
        }
    }
}
