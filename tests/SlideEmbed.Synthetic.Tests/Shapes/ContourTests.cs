using SlideEmbed.Synthetic.Shapes;

namespace SlideEmbed.Synthetic.Tests.Shapes;

public sealed class ContourTests
{
    private static readonly (double X, double Y)[] s_square = [(10, 10), (110, 10), (110, 60), (10, 60)];

    [Theory]
    [InlineData(50, 30, true)]
    [InlineData(10.5, 10.5, true)]
    [InlineData(109.9, 59.9, true)]
    [InlineData(5, 30, false)]
    [InlineData(50, 65, false)]
    [InlineData(111, 30, false)]
    public void PolygonContour_Rectangle_ContainsInteriorOnly(double x, double y, bool expected)
    {
        Assert.Equal(expected, new PolygonContour(s_square).Contains(x, y));
    }

    [Fact]
    public void PolygonContour_Rectangle_AreaAndBoundsExact()
    {
        var square = new PolygonContour(s_square);

        Assert.Equal(5000, square.Area, 9);
        Assert.Equal(new ContourBounds(10, 10, 110, 60), square.Bounds);
    }

    [Fact]
    public void PolygonContour_Pentagram_CentreIsOutsideByEvenOdd()
    {
        // Vertices of a regular star drawn in one stroke: the centre is wound twice, so even-odd leaves it out.
        var star = new PolygonContour(Enumerable.Range(0, 5).Select(k =>
        {
            var angle = (Math.PI / 2) + (k * 4 * Math.PI / 5);
            return (100 + (90 * Math.Cos(angle)), 100 - (90 * Math.Sin(angle)));
        }));

        Assert.False(star.Contains(100, 100));
        Assert.True(star.Contains(100, 25)); // inside the top point
    }

    [Fact]
    public void PolygonContour_TooFewPoints_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PolygonContour([(0, 0), (1, 1)]));
    }

    [Theory]
    [InlineData(0, 0, true)]
    [InlineData(40, 0, true)]
    [InlineData(40.001, 0, false)]
    [InlineData(0, 20, true)]
    [InlineData(28, 14, true)]
    [InlineData(30, 15, false)]
    public void EllipseContour_Contains_ClosedEllipse(double dx, double dy, bool expected)
    {
        var ellipse = new EllipseContour(100, 200, 40, 20);

        Assert.Equal(expected, ellipse.Contains(100 + dx, 200 + dy));
        Assert.Equal(Math.PI * 800, ellipse.Area, 9);
    }

    [Fact]
    public void EllipseContour_NonPositiveRadius_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EllipseContour(0, 0, 0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EllipseContour(0, 0, 5, double.NaN));
    }
}
