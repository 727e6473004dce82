namespace SlideEmbed.Pipeline;

/// <summary>
/// The position in a batch run of the slide the current flow of work belongs to, set by
/// <see cref="BatchRunner"/> for each slide it starts and read by <see cref="TileEmbeddingPipeline"/> to
/// give the encoders to the earliest slide of the run first. Null outside a batch run.
/// </summary>
internal static class SlideOrder
{
    private static readonly AsyncLocal<long?> s_current = new();

    /// <summary>The current slide's position, or null.</summary>
    public static long? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }
}
