using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic.Tests.Shapes;

public sealed class TissueShapeTests
{
    // A 100 x 100 square with a 20 x 20 square hole at (40..60, 40..60) and a circular hole of radius 10 at (20, 80).
    private static TissueShape SquareWithHoles() => new(
        new PolygonContour([(0, 0), (100, 0), (100, 100), (0, 100)]),
        [new PolygonContour([(40, 40), (60, 40), (60, 60), (40, 60)]), EllipseContour.Circle(20, 80, 10)]);

    [Theory]
    [InlineData(10, 10, true)]
    [InlineData(50, 50, false)]
    [InlineData(39.9, 50, true)]
    [InlineData(20, 80, false)]
    [InlineData(20, 69, true)]
    [InlineData(150, 50, false)]
    public void Contains_SquareWithHoles_HolesAreBackground(double x, double y, bool expected)
    {
        Assert.Equal(expected, SquareWithHoles().Contains(x, y));
    }

    [Fact]
    public void Area_SquareWithHoles_OuterMinusHoles()
    {
        Assert.Equal(10_000 - 400 - (Math.PI * 100), SquareWithHoles().Area, 9);
    }

    [Fact]
    public void Contains_PolygonHoleInPolygon_MatchesEvenOddOfBothRings()
    {
        var outer = new PolygonContour([(0, 0), (100, 0), (100, 100), (0, 100)]);
        var hole = new PolygonContour([(30, 20), (70, 30), (60, 80), (20, 60)]);
        var shape = new TissueShape(outer, [hole]);

        for (var y = 0.5; y < 100; y += 3.7)
        {
            for (var x = 0.5; x < 100; x += 2.9)
            {
                var crossings = (outer.Contains(x, y) ? 1 : 0) + (hole.Contains(x, y) ? 1 : 0);
                Assert.Equal(crossings % 2 == 1, shape.Contains(x, y));
            }
        }
    }

    [Fact]
    public void Speck_RadiusThree_IsSmallDisc()
    {
        var speck = TissueShape.Speck(500, 500, 3);

        Assert.True(speck.Contains(501, 501));
        Assert.False(speck.Contains(504, 500));
        Assert.Equal(Math.PI * 9, speck.Area, 9);
    }
}
