using SlideEmbed.Imaging;
using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic.Tests;

/// <summary>Scenes that exercise every kind of boundary: polygons, ellipses, holes of both kinds, self-intersection, specks, overlap.</summary>
internal static class TestScenes
{
    public static SyntheticScene Mixed(int seed = 7) => new(
        [
            new TissueShape(
                PolygonContour.Radial(120, 110, Enumerable.Range(0, 17).Select(k => 80 + (25 * Math.Sin(k * 1.7))).ToArray()),
                [new PolygonContour([(100, 90), (140, 95), (130, 130)]), new EllipseContour(150, 140, 12, 7.5)]),
            new TissueShape(new EllipseContour(300.25, 150.5, 70.3, 40.1), [EllipseContour.Circle(300, 150, 15.5)]),
            new TissueShape(new PolygonContour(Enumerable.Range(0, 5).Select(k =>
            {
                var angle = (Math.PI / 2) + (k * 4 * Math.PI / 5);
                return (420 + (50 * Math.Cos(angle)), 70 - (50 * Math.Sin(angle)));
            }))),
            TissueShape.Ellipse(330, 120, 30, 20), // overlaps the second shape and its hole
            TissueShape.Speck(40, 250, 1.6),
            TissueShape.Speck(470, 260, 0.4), // smaller than a pixel at downsample 1
        ],
        new RgbColor(243, 243, 243),
        TissueColors.HematoxylinEosin,
        seed);
}
