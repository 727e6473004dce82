using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;

namespace SlideEmbed.Output;

/// <summary>
/// The quality-control picture of a slide: its low-resolution image with tissue outlines (green,
/// holes in orange) and the kept tiles (blue outlines) drawn over it.
/// </summary>
public static class QcPicture
{
    private static readonly RgbColor s_tissue = new(0, 170, 0);
    private static readonly RgbColor s_hole = new(255, 140, 0);
    private static readonly RgbColor s_tile = new(30, 80, 255);

    /// <summary>Longest side of the picture in pixels when the slide allows it; default 1600.</summary>
    public const int TargetLongSide = 1600;

    /// <summary>
    /// Renders the picture into a new image the caller disposes. The background is the detection image
    /// when it is at least <see cref="TargetLongSide"/> pixels long, else a sharper image of the slide
    /// read for the purpose (never finer than level 0).
    /// </summary>
    /// <param name="result">Detection and tiling of the slide.</param>
    /// <param name="slide">The slide, to read a sharper background; null to use the detection image.</param>
    /// <returns>The picture.</returns>
    public static RgbImage Render(SlideTilingResult result, ISlideSource? slide = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        LowResolutionImage? sharper = null;
        try
        {
            var background = result.LowResolution;
            if (slide is not null)
            {
                var mpp = result.Resolution.Mpp.Mean;
                var longSide = Math.Max(slide.Levels[0].Width, slide.Levels[0].Height);
                var wanted = Math.Max(mpp, longSide * mpp / TargetLongSide);
                if (wanted < background.Mpp.Mean * 0.75)
                {
                    // Round the box factor up so the picture stays within the target size.
                    var level = LowResolutionImage.ChooseLevel(slide.Levels, mpp, wanted);
                    var levelMpp = mpp * level.Downsample;
                    var target = Math.Ceiling((wanted / levelMpp) - 1e-9) * levelMpp * (1 + 1e-9);
                    sharper = LowResolutionImage.Read(slide, result.Resolution.Mpp, new LowResolutionOptions { TargetMpp = MicronsPerPixel.Isotropic(target), MaxMpp = MicronsPerPixel.Isotropic(wanted) });
                    background = sharper;
                }
            }

            return Draw(result, background);
        }
        finally
        {
            sharper?.Dispose();
        }
    }

    /// <summary>Renders and writes the picture as PNG, atomically.</summary>
    /// <param name="result">Detection and tiling of the slide.</param>
    /// <param name="slide">The slide, for a sharper background; may be null.</param>
    /// <param name="path">Target file.</param>
    public static void WritePng(SlideTilingResult result, ISlideSource? slide, string path)
    {
        using var picture = Render(result, slide);
        AtomicFile.Write(path, s => PngEncoder.WriteRgb(picture, s));
    }

    private static RgbImage Draw(SlideTilingResult result, LowResolutionImage background)
    {
        var source = background.Image;
        var picture = new RgbImage(source.Width, source.Height);
        source.Pixels.CopyTo(picture.Pixels);
        var ds = background.Downsample;
        var edge = result.Grid.Level0TileSize / ds;
        foreach (var tile in result.Grid.Tiles)
        {
            var x0 = (int)Math.Round(tile.X / ds);
            var y0 = (int)Math.Round(tile.Y / ds);
            var x1 = (int)Math.Round((tile.X / ds) + edge) - 1;
            var y1 = (int)Math.Round((tile.Y / ds) + edge) - 1;
            Canvas.Rectangle(picture, x0, y0, Math.Max(x0, x1), Math.Max(y0, y1), s_tile);
        }

        var thickness = Math.Max(1, Math.Min(source.Width, source.Height) / 400);
        foreach (var region in result.Level0Regions)
        {
            var scaled = region.Scale(1 / ds);
            Canvas.Polygon(picture, scaled.Outer.Points, s_tissue, thickness + 1);
            foreach (var hole in scaled.Holes)
            {
                Canvas.Polygon(picture, hole.Points, s_hole, thickness);
            }
        }

        return picture;
    }
}
