using SlideEmbed.Geometry;
using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic;

/// <summary>Standard synthetic slides, as specs to write with <see cref="SyntheticSlideWriter"/> (adjust them with <c>with</c>).</summary>
public static class SyntheticSlides
{
    /// <summary>Number of tissue regions in <see cref="TissueWithHoles"/>: the first shapes of its spec.</summary>
    public const int RegionCount = 2;

    /// <summary>Number of specks in <see cref="TissueWithHoles"/>: the shapes after the regions.</summary>
    public const int SpeckCount = 4;

    /// <summary>Level-0 width of <see cref="Gigapixel"/>.</summary>
    public const long GigapixelWidth = 40_000;

    /// <summary>Level-0 height of <see cref="Gigapixel"/>.</summary>
    public const long GigapixelHeight = 30_000;

    /// <summary>
    /// A slide with two tissue regions with holes and a few specks, laid out relative to the slide size
    /// (m = min(width, height); coordinates below are level-0 pixels):
    /// <list type="number">
    /// <item>an irregular 48-gon around (0.28 W, 0.42 H), radius 0.22 m ± 18%, with a hexagonal hole
    /// (radius 0.05 m at (0.24 W, 0.38 H)) and an elliptical hole (0.03 m x 0.045 m at (0.33 W, 0.5 H));</item>
    /// <item>an ellipse around (0.72 W, 0.52 H) with radii 0.13 W x 0.3 H and a circular hole of radius
    /// 0.06 m at (0.72 W, 0.45 H);</item>
    /// <item><see cref="SpeckCount"/> discs of radius max(2, 0.005 m) clear of the regions, each under
    /// 0.1% of the smaller region's area: what a tissue detector's area threshold should drop.</item>
    /// </list>
    /// The shapes are in that order (regions first). Both regions lie inside the slide for aspect
    /// ratios from 1:1 to 2:1 (landscape). JPEG quality 90, 256-pixel tiles, default pyramid.
    /// </summary>
    /// <param name="width">Level-0 width in pixels.</param>
    /// <param name="height">Level-0 height in pixels.</param>
    /// <param name="mpp">Level-0 resolution.</param>
    /// <param name="style">TIFF dialect.</param>
    /// <returns>The spec.</returns>
    public static SyntheticSlideSpec TissueWithHoles(long width, long height, MicronsPerPixel mpp, SyntheticSlideStyle style = SyntheticSlideStyle.Generic)
    {
        double w = width;
        double h = height;
        var m = Math.Min(w, h);

        var radii = Enumerable.Range(0, 48)
            .Select(k => 2 * Math.PI * k / 48)
            .Select(t => 0.22 * m * (1 + (0.12 * Math.Sin((3 * t) + 0.4)) + (0.06 * Math.Sin((7 * t) + 1.3))))
            .ToArray();
        var regionA = new TissueShape(
            PolygonContour.Radial(0.28 * w, 0.42 * h, radii),
            [
                PolygonContour.Radial(0.24 * w, 0.38 * h, Enumerable.Repeat(0.05 * m, 6).ToArray()),
                new EllipseContour(0.33 * w, 0.5 * h, 0.03 * m, 0.045 * m),
            ]);
        var regionB = new TissueShape(
            new EllipseContour(0.72 * w, 0.52 * h, 0.13 * w, 0.3 * h),
            [EllipseContour.Circle(0.72 * w, 0.45 * h, 0.06 * m)]);

        var speck = Math.Max(2, 0.005 * m);
        TissueShape[] shapes =
        [
            regionA,
            regionB,
            TissueShape.Speck(0.1 * w, 0.88 * h, speck),
            TissueShape.Speck(0.5 * w, 0.1 * h, speck),
            TissueShape.Speck(0.9 * w, 0.9 * h, speck),
            TissueShape.Speck(0.55 * w, 0.88 * h, speck),
        ];

        return new SyntheticSlideSpec(width, height, mpp)
        {
            Style = style,
            Shapes = shapes,
        };
    }

    /// <summary>
    /// The benchmark slide: <see cref="TissueWithHoles"/> at <see cref="GigapixelWidth"/> x
    /// <see cref="GigapixelHeight"/> pixels, 0.25 mpp (40x), JPEG quality 90, levels 1, 4, 16, 64.
    /// Aperio style (with thumbnail, label and macro) unless <paramref name="style"/> says otherwise.
    /// </summary>
    /// <param name="style">TIFF dialect.</param>
    /// <returns>The spec.</returns>
    public static SyntheticSlideSpec Gigapixel(SyntheticSlideStyle style = SyntheticSlideStyle.Aperio)
    {
        var aperio = style == SyntheticSlideStyle.Aperio;
        return TissueWithHoles(GigapixelWidth, GigapixelHeight, MicronsPerPixel.Isotropic(0.25), style) with
        {
            IncludeThumbnail = aperio,
            IncludeLabel = aperio,
            IncludeMacro = aperio,
        };
    }
}
