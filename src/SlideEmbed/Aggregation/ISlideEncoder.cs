namespace SlideEmbed.Aggregation;

/// <summary>
/// A slide encoder that may need the slide's tile geometry (TITAN rebuilds its grid from it) besides the
/// tile embeddings and coordinates. Implementations are thread-safe.
/// </summary>
public interface ISlideEncoder
{
    /// <summary>Name recorded with outputs, e.g. <c>titan</c>.</summary>
    string Name { get; }

    /// <summary>Tile embedding width the encoder accepts.</summary>
    int InputDimension { get; }

    /// <summary>Slide embedding width.</summary>
    int OutputDimension { get; }

    /// <summary>Whether <see cref="Encode"/> reads its geometry argument (false: any geometry will do).</summary>
    bool UsesGeometry { get; }

    /// <summary>Encodes one slide.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x InputDimension</c> tile embeddings; not modified.</param>
    /// <param name="count">Number of tiles, at least 1.</param>
    /// <param name="xs">Each tile's left edge in level-0 pixels.</param>
    /// <param name="ys">Each tile's top edge in level-0 pixels.</param>
    /// <param name="geometry">The slide's tile edge, stride and resolution.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="EmptySlideException">No tiles (or, for TITAN, no non-zero tile).</exception>
    /// <exception cref="ArgumentException">Sizes disagree.</exception>
    float[] Encode(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, SlideTileGeometry geometry);
}
