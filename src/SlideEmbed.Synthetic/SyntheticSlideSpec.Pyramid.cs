using System.Globalization;
using SlideEmbed.Geometry;

namespace SlideEmbed.Synthetic;

/// <content>The pyramid the spec implies, and the cross-property checks.</content>
public sealed partial record SyntheticSlideSpec
{
    /// <summary>
    /// The pyramid levels: level k has downsample d = <see cref="Downsamples"/>[k] (or the default
    /// powers of 4) and size ceil(<see cref="Width"/> / d) x ceil(<see cref="Height"/> / d).
    /// </summary>
    /// <returns>The levels, level 0 first.</returns>
    public IReadOnlyList<SlideLevel> ComputeLevels()
    {
        var downsamples = Downsamples ?? DefaultDownsamples();
        return downsamples
            .Select((d, i) => new SlideLevel(i, CeilDiv(Width, d), CeilDiv(Height, d), d))
            .ToList()
            .AsReadOnly();
    }

    /// <summary>
    /// The tile size used for <paramref name="level"/>: <see cref="TileSize"/>, except that a Deflate
    /// level whose width or height is smaller than that uses the largest multiple of 16 that fits in
    /// both. OpenSlide 3.4.1 reads non-JPEG tiles through libtiff's TIFFRGBAImage, and libtiff 4.5
    /// (Debian 12) shrinks a request larger than the image, which misplaces the rows of a tile taller
    /// or wider than its level. JPEG tiles are decoded directly and keep <see cref="TileSize"/>.
    /// </summary>
    /// <param name="level">A level from <see cref="ComputeLevels"/>.</param>
    /// <returns>The tile width and height in pixels.</returns>
    public int TileSizeFor(SlideLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        if (Compression == SyntheticCompression.Jpeg)
        {
            return TileSize;
        }

        var fits = (int)Math.Min(TileSize, Math.Min(level.Width, level.Height) / 16 * 16);
        return Math.Max(16, fits);
    }

    /// <summary>The objective power written for Aperio: <see cref="ObjectivePower"/>, or 10 / mpp rounded to two decimals.</summary>
    /// <returns>The magnification.</returns>
    public double EffectiveObjectivePower() => ObjectivePower ?? Math.Round(10 / Mpp.X, 2);

    /// <summary>Checks the rules that involve several properties.</summary>
    /// <exception cref="ArgumentException">A rule is broken; the message says which.</exception>
    public void Validate()
    {
        if (Style == SyntheticSlideStyle.Aperio && Mpp.X != Mpp.Y)
        {
            throw new ArgumentException($"Aperio style stores a single MPP; {Mpp} is anisotropic. Use the generic style.", "spec");
        }

        if (Style != SyntheticSlideStyle.Aperio && (IncludeThumbnail || IncludeLabel || IncludeMacro))
        {
            throw new ArgumentException("Thumbnail, label and macro images are written only in Aperio style; OpenSlide's generic-tiff driver ignores them.", "spec");
        }

        if (Style != SyntheticSlideStyle.Aperio && ObjectivePower is not null)
        {
            throw new ArgumentException("ObjectivePower is written only in Aperio style.", "spec");
        }

        foreach (var level in ComputeLevels())
        {
            if (Compression == SyntheticCompression.Deflate && Math.Min(level.Width, level.Height) < 16)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Deflate level {level.Index} is {level.Width} x {level.Height}; levels under 16 pixels on a side cannot be tiled so that OpenSlide 3.4.1 with libtiff 4.5 reads them correctly. Drop that downsample or use JPEG."),
                    "spec");
            }

            var tileSize = TileSizeFor(level);
            var tiles = CeilDiv(level.Width, tileSize) * CeilDiv(level.Height, tileSize);
            if (tiles > int.MaxValue)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Level {level.Index} needs {tiles} tiles of {tileSize} pixels; use larger tiles."),
                    "spec");
            }
        }
    }

    internal static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;

    private List<int> DefaultDownsamples()
    {
        var result = new List<int> { 1 };
        for (long d = 4; d <= int.MaxValue; d *= 4)
        {
            if (Math.Max(CeilDiv(Width, d), CeilDiv(Height, d)) < TileSize)
            {
                break;
            }

            result.Add((int)d);
        }

        return result;
    }
}
