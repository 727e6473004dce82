using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Slides;

/// <summary>
/// An open whole-slide image: its pyramid, metadata and pixels.
/// </summary>
/// <remarks>
/// Implementations are safe for concurrent reads from many threads. <see cref="IDisposable.Dispose"/>
/// may be called while reads are in flight: those reads finish, the native resources are freed after
/// the last one, and later calls throw <see cref="ObjectDisposedException"/>.
/// </remarks>
public interface ISlideSource : IDisposable
{
    /// <summary>Full path of the slide file.</summary>
    string Path { get; }

    /// <summary>Format name as the library reports it, e.g. <c>aperio</c>, <c>generic-tiff</c>, <c>mirax</c>.</summary>
    string Vendor { get; }

    /// <summary>Pyramid levels, index 0 first (full resolution), downsamples increasing.</summary>
    IReadOnlyList<SlideLevel> Levels { get; }

    /// <summary>Every metadata property the library exposes, by its name.</summary>
    IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>The associated images (label, macro, thumbnail...) with their sizes.</summary>
    IReadOnlyList<AssociatedImageInfo> AssociatedImages { get; }

    /// <summary>
    /// The colour that transparent pixels (outside the scanned area) are composited on: the slide's
    /// <c>openslide.background-color</c> when present, else white.
    /// </summary>
    RgbColor BackgroundColor { get; }

    /// <summary>
    /// Reads a region into <paramref name="destination"/> as interleaved opaque RGB, row-major with a
    /// stride of <c>width * 3</c>. Pixels outside the slide or the scanned area get <see cref="BackgroundColor"/>.
    /// </summary>
    /// <param name="x">Left edge in level-0 pixels (may be negative).</param>
    /// <param name="y">Top edge in level-0 pixels (may be negative).</param>
    /// <param name="level">Level to read from.</param>
    /// <param name="width">Width in pixels of <paramref name="level"/>.</param>
    /// <param name="height">Height in pixels of <paramref name="level"/>.</param>
    /// <param name="destination">At least <c>width * height * 3</c> bytes, owned by the caller.</param>
    /// <exception cref="SlideReadException">The library failed to read; the slide must be reopened.</exception>
    void ReadRegion(long x, long y, int level, int width, int height, Span<byte> destination);

    /// <summary>Reads an associated image into a pooled buffer the caller disposes.</summary>
    /// <param name="name">One of the names in <see cref="AssociatedImages"/>.</param>
    /// <returns>The image as opaque RGB.</returns>
    /// <exception cref="KeyNotFoundException">The slide has no associated image of that name.</exception>
    /// <exception cref="SlideReadException">The library failed to read it.</exception>
    RgbImage ReadAssociatedImage(string name);
}
