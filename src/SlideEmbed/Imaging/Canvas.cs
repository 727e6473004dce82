namespace SlideEmbed.Imaging;

/// <summary>Draws lines and rectangle outlines onto an <see cref="RgbImage"/> for QC pictures; clips at the edges.</summary>
public static class Canvas
{
    /// <summary>Draws a straight line (Bresenham) of the given thickness.</summary>
    /// <param name="image">The image drawn on.</param>
    /// <param name="x0">Start x in image pixels.</param>
    /// <param name="y0">Start y.</param>
    /// <param name="x1">End x.</param>
    /// <param name="y1">End y.</param>
    /// <param name="color">Line colour.</param>
    /// <param name="thickness">Line width in pixels, &gt;= 1.</param>
    public static void Line(RgbImage image, int x0, int y0, int x1, int y1, RgbColor color, int thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        var half = (thickness - 1) / 2;
        while (true)
        {
            for (var oy = -half; oy < thickness - half; oy++)
            {
                for (var ox = -half; ox < thickness - half; ox++)
                {
                    Set(image, x0 + ox, y0 + oy, color);
                }
            }

            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Draws the outline of a rectangle given by its corners (inclusive).</summary>
    /// <param name="image">The image drawn on.</param>
    /// <param name="x0">Left.</param>
    /// <param name="y0">Top.</param>
    /// <param name="x1">Right (inclusive).</param>
    /// <param name="y1">Bottom (inclusive).</param>
    /// <param name="color">Outline colour.</param>
    public static void Rectangle(RgbImage image, int x0, int y0, int x1, int y1, RgbColor color)
    {
        Line(image, x0, y0, x1, y0, color);
        Line(image, x1, y0, x1, y1, color);
        Line(image, x1, y1, x0, y1, color);
        Line(image, x0, y1, x0, y0, color);
    }

    /// <summary>Draws a closed polygon outline.</summary>
    /// <param name="image">The image drawn on.</param>
    /// <param name="points">Vertices in image pixels.</param>
    /// <param name="color">Outline colour.</param>
    /// <param name="thickness">Line width.</param>
    public static void Polygon(RgbImage image, IReadOnlyList<(double X, double Y)> points, RgbColor color, int thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (var i = 0; i < points.Count; i++)
        {
            var a = points[i];
            var b = points[(i + 1) % points.Count];
            Line(image, (int)Math.Round(a.X), (int)Math.Round(a.Y), (int)Math.Round(b.X), (int)Math.Round(b.Y), color, thickness);
        }
    }

    private static void Set(RgbImage image, int x, int y, RgbColor color)
    {
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height)
        {
            return;
        }

        var row = image.Row(y);
        row[x * 3] = color.R;
        row[(x * 3) + 1] = color.G;
        row[(x * 3) + 2] = color.B;
    }
}
