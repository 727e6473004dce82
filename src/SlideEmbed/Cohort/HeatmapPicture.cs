using SlideEmbed.Imaging;

namespace SlideEmbed.Cohort;

/// <summary>
/// Paints coloured tiles over a slide thumbnail (or a white canvas of the slide's shape): each tile's
/// square, scaled by the thumbnail's downsample, is filled with its colour blended over the background
/// with opacity <c>alpha</c>. An optional legend strip of swatches (token 0 on the left) is added below.
/// </summary>
public static class HeatmapPicture
{
    /// <summary>Renders the picture into a new image the caller disposes.</summary>
    /// <param name="tiles">Tile squares, level-0 pixels.</param>
    /// <param name="colors">Colour per tile; null leaves the background.</param>
    /// <param name="background">Thumbnail to paint on (copied); null for white.</param>
    /// <param name="width">Canvas width when there is no background, pixels.</param>
    /// <param name="height">Canvas height when there is no background, pixels.</param>
    /// <param name="downsample">Level-0 pixels per canvas pixel.</param>
    /// <param name="alpha">Opacity of the tile colours, 0-1.</param>
    /// <param name="legend">Swatches to show below the picture, or null.</param>
    /// <returns>The picture.</returns>
    public static RgbImage Render(IReadOnlyList<HeatmapTile> tiles, IReadOnlyList<RgbColor?> colors, RgbImage? background, int width, int height, double downsample, double alpha, IReadOnlyList<RgbColor>? legend)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(colors);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(downsample);
        alpha = Math.Clamp(alpha, 0, 1);
        var w = background?.Width ?? width;
        var h = background?.Height ?? height;
        var legendHeight = legend is { Count: > 0 } ? Math.Max(12, h / 24) : 0;
        var picture = new RgbImage(w, h + legendHeight);
        if (background is not null)
        {
            background.Pixels.CopyTo(picture.Pixels);
            picture.Pixels[background.Pixels.Length..].Fill(255);
        }
        else
        {
            picture.Pixels.Fill(255);
        }

        for (var i = 0; i < tiles.Count; i++)
        {
            if (colors[i] is not { } color)
            {
                continue;
            }

            var t = tiles[i];
            var x0 = (int)Math.Round(t.X / downsample);
            var y0 = (int)Math.Round(t.Y / downsample);
            var x1 = (int)Math.Round((t.X + t.Size) / downsample);
            var y1 = (int)Math.Round((t.Y + t.Size) / downsample);
            Fill(picture, x0, y0, Math.Max(x1, x0 + 1), Math.Max(y1, y0 + 1), h, color, alpha);
        }

        if (legendHeight > 0)
        {
            for (var j = 0; j < legend!.Count; j++)
            {
                var x0 = (int)((long)j * w / legend.Count);
                var x1 = (int)((long)(j + 1) * w / legend.Count);
                Fill(picture, x0, h + 2, Math.Max(x1 - 1, x0 + 1), h + legendHeight, h + legendHeight, legend[j], 1);
            }
        }

        return picture;
    }

    private static void Fill(RgbImage image, int x0, int y0, int x1, int y1, int maxY, RgbColor color, double alpha)
    {
        x0 = Math.Clamp(x0, 0, image.Width);
        x1 = Math.Clamp(x1, 0, image.Width);
        y0 = Math.Clamp(y0, 0, maxY);
        y1 = Math.Clamp(y1, 0, maxY);
        for (var y = y0; y < y1; y++)
        {
            var row = image.Row(y);
            for (var x = x0; x < x1; x++)
            {
                row[3 * x] = Blend(row[3 * x], color.R, alpha);
                row[(3 * x) + 1] = Blend(row[(3 * x) + 1], color.G, alpha);
                row[(3 * x) + 2] = Blend(row[(3 * x) + 2], color.B, alpha);
            }
        }
    }

    private static byte Blend(byte under, byte over, double alpha) =>
        (byte)Math.Round((under * (1 - alpha)) + (over * alpha), MidpointRounding.AwayFromZero);
}
