namespace SlideEmbed.Pipeline;

/// <summary>How <see cref="BatchRunner"/> overlaps slides. Immutable.</summary>
public sealed class BatchRunnerOptions
{
    /// <summary>
    /// Slides started ahead of the one being encoded (opened, tissue detected, first batches read), so the
    /// encoder has work the moment a slide ends; 0 (the default) runs one slide at a time. Each slide read
    /// ahead holds at most <see cref="TileEmbeddingPipeline.ReadAheadBytes"/> of tiles, plus its open
    /// handle and detection image.
    /// </summary>
    public int SlidesAhead { get; init; }

    /// <summary>
    /// How long a slide started ahead may take to get its first batch to the encoder before the slide after
    /// it starts anyway (default 1 s). Slides start one after another as each has a batch ready, so at the
    /// start of a run the first slide has the cores to itself; a slide slow to open or read holds the next
    /// one back by this long at most.
    /// </summary>
    public TimeSpan NextSlideAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The encoders' record, read to report their idle fraction over the run, or null for none.</summary>
    public EncoderActivity? Activity { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (SlidesAhead < 0 || SlidesAhead > TileEmbeddingPipeline.MaxSlidesAhead)
        {
            throw new ArgumentOutOfRangeException(nameof(SlidesAhead), SlidesAhead, $"Slides ahead must be between 0 and {TileEmbeddingPipeline.MaxSlidesAhead}.");
        }

        if (NextSlideAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(NextSlideAfter), NextSlideAfter, "The wait for the next slide cannot be negative.");
        }
    }
}
