namespace SlideEmbed.Pipeline;

/// <summary>
/// The position in a batch run of the slide the current flow of work belongs to, set by
/// <see cref="BatchRunner"/> for each slide it starts and read by <see cref="TileEmbeddingPipeline"/> to
/// give the encoders to the earliest slide of the run first, and the signal that lets the run start the
/// next slide. Null outside a batch run.
/// </summary>
internal static class SlideOrder
{
    private static readonly AsyncLocal<long?> s_current = new();
    private static readonly AsyncLocal<TaskCompletionSource?> s_ready = new();

    /// <summary>The current slide's position, or null.</summary>
    public static long? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    /// <summary>
    /// Completed by <see cref="TileEmbeddingPipeline"/> when the current slide's first batch waits for an
    /// encoder; the batch run then starts the next slide, so slides read ahead do not take the cores from
    /// the slide the encoder needs first. Null outside a batch run.
    /// </summary>
    public static TaskCompletionSource? FirstBatchReady
    {
        get => s_ready.Value;
        set => s_ready.Value = value;
    }
}
