using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Slides;

namespace SlideEmbed.TestSupport;

/// <summary>
/// A slide computed on the fly from a colour function of level-0 coordinates, with any pyramid:
/// pixel (i, j) of a level with downsample d samples the function at level-0 point
/// (floor(i * d), floor(j * d)). For core tests that need exact pixels without files.
/// </summary>
public sealed class InMemorySlide : ISlideSource
{
    private readonly Func<long, long, RgbColor> _color;
    private int _reads;

    /// <summary>Creates the slide.</summary>
    /// <param name="width">Level-0 width.</param>
    /// <param name="height">Level-0 height.</param>
    /// <param name="downsamples">Downsample of each level, first 1.</param>
    /// <param name="color">Colour at a level-0 pixel.</param>
    /// <param name="properties">Properties, e.g. openslide.mpp-x.</param>
    public InMemorySlide(long width, long height, double[] downsamples, Func<long, long, RgbColor> color, Dictionary<string, string>? properties = null)
    {
        _color = color;
        Levels = downsamples.Select((d, i) => new SlideLevel(i, (long)Math.Ceiling(width / d), (long)Math.Ceiling(height / d), d)).ToList();
        Properties = properties ?? [];
    }

    /// <summary>Number of ReadRegion calls so far.</summary>
    public int ReadCount => _reads;

    /// <summary>Largest number of pixels one ReadRegion call asked for.</summary>
    public long LargestRead { get; private set; }

    /// <inheritdoc />
    public string Path => "memory://slide";

    /// <inheritdoc />
    public string Vendor => "in-memory";

    /// <inheritdoc />
    public IReadOnlyList<SlideLevel> Levels { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <inheritdoc />
    public IReadOnlyList<AssociatedImageInfo> AssociatedImages => [];

    /// <inheritdoc />
    public RgbColor BackgroundColor => RgbColor.White;

    /// <inheritdoc />
    public void ReadRegion(long x, long y, int level, int width, int height, Span<byte> destination)
    {
        Interlocked.Increment(ref _reads);
        LargestRead = Math.Max(LargestRead, (long)width * height);
        var l = Levels[level];
        var lx0 = (long)Math.Floor(x / l.Downsample);
        var ly0 = (long)Math.Floor(y / l.Downsample);
        for (var j = 0; j < height; j++)
        {
            for (var i = 0; i < width; i++)
            {
                var li = lx0 + i;
                var lj = ly0 + j;
                var c = li < 0 || lj < 0 || li >= l.Width || lj >= l.Height
                    ? RgbColor.White
                    : _color((long)Math.Floor(li * l.Downsample), (long)Math.Floor(lj * l.Downsample));
                var o = ((j * width) + i) * 3;
                destination[o] = c.R;
                destination[o + 1] = c.G;
                destination[o + 2] = c.B;
            }
        }
    }

    /// <inheritdoc />
    public RgbImage ReadAssociatedImage(string name) => throw new KeyNotFoundException(name);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
