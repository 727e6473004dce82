using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Bench;

/// <summary>The units of work the tiling benchmark times, shared by the in-process runs and the child processes.</summary>
internal static class SlideJobs
{
    /// <summary>Open the slide, resolve its mpp, detect tissue with the default detector and lay the default grid (0.5 mpp, 224 px).</summary>
    public static (int Tiles, int Level, long Width, long Height) Tile(string path, TilingOptions? tiling = null)
    {
        using var slide = OpenSlideSource.Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties);
        var detector = TissueDetectorFactory.Create(TissueDetectorFactory.DefaultName);
        using var result = SlideTiler.Run(slide, resolution, detector, tiling ?? new TilingOptions());
        return (result.Grid.Tiles.Count, result.LowResolution.Level, result.LowResolution.Image.Width, result.LowResolution.Image.Height);
    }

    /// <summary>
    /// The I/O floor of <see cref="Tile"/>: open the slide and read the pyramid level the detection image is
    /// made from, whole, in one OpenSlide call (what any tool must at least do).
    /// </summary>
    public static long ReadLowResolutionLevel(string path)
    {
        using var slide = OpenSlideSource.Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties);
        var level = LowResolutionLevel(slide, resolution.Mpp);
        var bytes = new byte[level.Width * level.Height * 3];
        slide.ReadRegion(0, 0, level.Index, (int)level.Width, (int)level.Height, bytes);
        return bytes.Length;
    }

    /// <summary>Open the slide and resolve its mpp only (the baseline of the memory figures).</summary>
    public static int Open(string path)
    {
        using var slide = OpenSlideSource.Open(path);
        _ = ResolutionResolver.Resolve(path, slide.Properties);
        return slide.Levels.Count;
    }

    // The level LowResolutionImage reads with default options: the coarsest at most MaxMpp.
    private static SlideLevel LowResolutionLevel(OpenSlideSource slide, MicronsPerPixel mpp)
    {
        var maxMpp = new LowResolutionOptions().MaxMpp.Mean;
        var best = slide.Levels[0];
        foreach (var level in slide.Levels)
        {
            if (mpp.Mean * level.Downsample <= maxMpp && level.Downsample > best.Downsample)
            {
                best = level;
            }
        }

        return best;
    }
}
