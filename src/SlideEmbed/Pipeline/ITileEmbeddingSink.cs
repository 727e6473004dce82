using SlideEmbed.Tiling;

namespace SlideEmbed.Pipeline;

/// <summary>Receives a slide's tile embeddings in tile order (index 0, 1, 2...), one call per tile, from one thread.</summary>
public interface ITileEmbeddingSink
{
    /// <summary>Adds one tile.</summary>
    /// <param name="tile">The tile.</param>
    /// <param name="embedding">Its embedding, valid only during the call (the pipeline reuses the buffer; copy what you keep), or empty when the tile could not be read.</param>
    /// <param name="readError">Why the tile could not be read, or null when it was.</param>
    void Add(Tile tile, ReadOnlySpan<float> embedding, string? readError);
}
