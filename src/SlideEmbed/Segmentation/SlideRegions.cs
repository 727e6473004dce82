using SlideEmbed.Geometry;
using SlideEmbed.Slides;

namespace SlideEmbed.Segmentation;

/// <summary>
/// The slide behind a detection image, for detectors that read patches from it
/// (<see cref="ISlideTissueDetector"/>): its pyramid, level-0 resolution and a region read that fills
/// the part outside the slide with a given colour. Built by <see cref="Tiling.SlideTiler"/> from the
/// slide it already has open.
/// </summary>
/// <remarks>Thread-safe as the slide is; holds no pixels. The slide must stay open while it is used.</remarks>
public sealed class SlideRegions
{
    private readonly ISlideSource _slide;

    /// <summary>Wraps an open slide.</summary>
    /// <param name="slide">The slide.</param>
    /// <param name="level0Mpp">Its level-0 resolution (the mean of x and y), microns per pixel.</param>
    public SlideRegions(ISlideSource slide, double level0Mpp)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(level0Mpp);
        _slide = slide;
        Level0Mpp = level0Mpp;
    }

    /// <summary>Path of the slide file (for messages).</summary>
    public string Path => _slide.Path;

    /// <summary>Level-0 resolution, microns per pixel.</summary>
    public double Level0Mpp { get; }

    /// <summary>The pyramid, level 0 first.</summary>
    public IReadOnlyList<SlideLevel> Levels => _slide.Levels;

    /// <summary>
    /// Reads a square region of a level as interleaved RGB; pixels past the level's right or bottom edge
    /// get <paramref name="fill"/> (OpenSlide returns them transparent, which TRIDENT's RGBA-to-RGB turns black).
    /// </summary>
    /// <param name="x">Left edge in level-0 pixels, &gt;= 0.</param>
    /// <param name="y">Top edge in level-0 pixels, &gt;= 0.</param>
    /// <param name="level">The level.</param>
    /// <param name="size">Side in pixels of that level.</param>
    /// <param name="fill">RGB of pixels outside the slide.</param>
    /// <param name="destination"><c>size * size * 3</c> bytes.</param>
    /// <exception cref="SlideReadException">The slide could not be read.</exception>
    public void ReadSquare(long x, long y, SlideLevel level, int size, ReadOnlySpan<byte> fill, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(level);
        var inside = (int)Math.Clamp(level.Width - level.FromLevel0(x), 0, size);
        var rows = (int)Math.Clamp(level.Height - level.FromLevel0(y), 0, size);
        for (var i = 0; i < size * size; i++)
        {
            fill[..3].CopyTo(destination.Slice(i * 3, 3));
        }

        if (inside == 0 || rows == 0)
        {
            return;
        }

        var part = new byte[inside * rows * 3];
        _slide.ReadRegion(x, y, level.Index, inside, rows, part);
        for (var r = 0; r < rows; r++)
        {
            part.AsSpan(r * inside * 3, inside * 3).CopyTo(destination.Slice(r * size * 3));
        }
    }
}
