using SlideEmbed.Imaging;
using SlideEmbed.Pipeline;

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

    /// <summary>Renders the picture into a new image the caller disposes.</summary>
    /// <param name="result">Detection and tiling of the slide.</param>
    /// <returns>The picture, the size of the detection image.</returns>
    public static RgbImage Render(SlideTilingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var source = result.LowResolution.Image;
        var picture = new RgbImage(source.Width, source.Height);
        source.Pixels.CopyTo(picture.Pixels);
        var ds = result.LowResolution.Downsample;
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
        foreach (var region in result.Detection.Regions)
        {
            Canvas.Polygon(picture, region.Outer.Points, s_tissue, thickness + 1);
            foreach (var hole in region.Holes)
            {
                Canvas.Polygon(picture, hole.Points, s_hole, thickness);
            }
        }

        return picture;
    }

    /// <summary>Renders and writes the picture as PNG, atomically.</summary>
    /// <param name="result">Detection and tiling of the slide.</param>
    /// <param name="path">Target file.</param>
    public static void WritePng(SlideTilingResult result, string path)
    {
        using var picture = Render(result);
        AtomicFile.Write(path, s => PngEncoder.WriteRgb(picture, s));
    }
}
