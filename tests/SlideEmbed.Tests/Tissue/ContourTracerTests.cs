using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class ContourTracerTests
{
    [Fact]
    public void Trace_SinglePixel_UnitSquare()
    {
        var mask = MaskReference.Parse("...", ".#.", "...");
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(1, region.Outer.Area);
        Assert.Equal(1, region.Outer.SignedArea);
        Assert.Equal(4, region.Outer.Points.Count);
        Assert.Empty(region.Holes);
        Assert.Contains((1.0, 1.0), region.Outer.Points);
        Assert.Contains((2.0, 2.0), region.Outer.Points);
    }

    [Fact]
    public void Trace_Rectangle_FourCornersOnly()
    {
        var mask = MaskReference.Parse("......", ".####.", ".####.", "......");
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(new (double, double)[] { (1, 1), (5, 1), (5, 3), (1, 3) }, region.Outer.Points);
    }

    [Fact]
    public void Trace_FrameWithHole_NetAreaIsPixelCount()
    {
        var mask = MaskReference.Parse("###", "#.#", "###");
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(9, region.Outer.Area);
        var hole = Assert.Single(region.Holes);
        Assert.Equal(1, hole.Area);
        Assert.True(hole.SignedArea < 0);
        Assert.Equal(new (double, double)[] { (2, 1), (1, 1), (1, 2), (2, 2) }, hole.Points);
        Assert.Equal(8, region.NetArea);
        Assert.False(region.Contains(1.5, 1.5));
        Assert.True(region.Contains(0.5, 0.5));
    }

    [Fact]
    public void Trace_DiagonalPixels_OneRegionThroughPinch()
    {
        var mask = MaskReference.Parse("#..", ".#.", "..#");
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(3, region.Outer.Area);
        Assert.True(region.Contains(0.5, 0.5) && region.Contains(1.5, 1.5) && region.Contains(2.5, 2.5));
        Assert.False(region.Contains(1.5, 0.5) || region.Contains(0.5, 1.5));

        var anti = Assert.Single(ContourTracer.Trace(MaskReference.Parse(".#", "#.")));
        Assert.Equal(2, anti.Outer.Area);
    }

    [Fact]
    public void Trace_HoleClosedOnlyDiagonally_IsAHole()
    {
        // The background pixel at (1, 1) touches the outside only at a corner: 4-connected background
        // makes it a hole, and 8-connected tissue closes around it.
        var mask = MaskReference.Parse("###", "#.#", "##.");
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(8, region.Outer.Area);
        Assert.Equal(1, Assert.Single(region.Holes).Area);
        Assert.Equal(7, region.NetArea);
        Assert.False(region.Contains(2.5, 2.5));
        Assert.False(region.Contains(1.5, 1.5));
    }

    [Fact]
    public void Trace_IslandInHole_IsSeparateRegion()
    {
        var mask = MaskReference.Parse(
            "#####",
            "#...#",
            "#.#.#",
            "#...#",
            "#####");
        var regions = ContourTracer.Trace(mask);
        Assert.Equal(2, regions.Count);
        var frame = regions[0];
        Assert.Equal(25, frame.Outer.Area);
        Assert.Equal(9, Assert.Single(frame.Holes).Area);
        Assert.Equal(16, frame.NetArea);
        Assert.False(frame.Contains(2.5, 2.5));
        Assert.Equal(1, regions[1].Outer.Area);
        Assert.True(regions[1].Contains(2.5, 2.5));
    }

    [Fact]
    public void Trace_FullImage_RingAlongBorder()
    {
        var mask = new BinaryMask(7, 5);
        Array.Fill(mask.Data, (byte)1);
        var region = Assert.Single(ContourTracer.Trace(mask));
        Assert.Equal(35, region.Outer.Area);
        Assert.Equal(new (double, double)[] { (0, 0), (7, 0), (7, 5), (0, 5) }, region.Outer.Points);
    }

    [Fact]
    public void Trace_EmptyOrZeroSizedMask_NoRegions()
    {
        Assert.Empty(ContourTracer.Trace(new BinaryMask(4, 3)));
        Assert.Empty(ContourTracer.Trace(new BinaryMask(0, 3)));
        Assert.Empty(ContourTracer.Trace(new BinaryMask(3, 0)));
    }

    [Theory]
    [InlineData(40, 30, 0.3, 1)]
    [InlineData(40, 30, 0.5, 2)]
    [InlineData(40, 30, 0.7, 3)]
    [InlineData(33, 17, 0.6, 4)]
    [InlineData(1, 25, 0.5, 5)]
    [InlineData(25, 1, 0.5, 6)]
    [InlineData(64, 48, 0.55, 7)]
    public void Trace_RandomMask_EachRegionRasterisesToItsComponent(int width, int height, double density, int seed)
    {
        var mask = MaskReference.Random(width, height, density, seed);
        var (labels, count) = MaskReference.Label(mask, foreground: true, eightConnected: true);
        var (background, _) = MaskReference.Label(mask, foreground: false, eightConnected: false);
        var border = MaskReference.BorderLabels(background, width, height);
        var expectedHoles = background.Where(l => l >= 0).Distinct().Count(l => !border.Contains(l));

        var regions = ContourTracer.Trace(mask);
        Assert.Equal(count, regions.Count);
        Assert.Equal(expectedHoles, regions.Sum(r => r.Holes.Count));
        var seen = new HashSet<int>();
        foreach (var region in regions)
        {
            AssertCompact(region.Outer);
            Assert.True(region.Outer.SignedArea > 0);
            foreach (var hole in region.Holes)
            {
                AssertCompact(hole);
                Assert.True(hole.SignedArea < 0);
            }

            // Point-in-polygon of every pixel centre must give exactly one component's pixels.
            var label = -1;
            long pixels = 0;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    if (!region.Contains(x + 0.5, y + 0.5))
                    {
                        continue;
                    }

                    var l = labels[(y * width) + x];
                    Assert.True(l >= 0, $"Region covers background pixel ({x}, {y}).");
                    label = label < 0 ? l : label;
                    Assert.Equal(label, l);
                    pixels++;
                }
            }

            Assert.True(seen.Add(label));
            Assert.Equal(labels.Count(l => l == label), pixels);
            Assert.Equal(pixels, region.NetArea);
        }
    }

    [Fact]
    public void Trace_RandomMask_ScanlineRasterisationReproducesMask()
    {
        var mask = MaskReference.Random(120, 90, 0.5, 99);
        var regions = ContourTracer.Trace(mask);
        Assert.Equal(mask.Data, MaskReference.Rasterize(regions, 120, 90).Data);
    }

    // Axis-aligned integer edges with a turn at every vertex: no collinear vertices left.
    private static void AssertCompact(Ring ring)
    {
        var points = ring.Points;
        Assert.True(points.Count >= 4 && points.Count % 2 == 0);
        for (var i = 0; i < points.Count; i++)
        {
            var a = points[(i + points.Count - 1) % points.Count];
            var b = points[i];
            var c = points[(i + 1) % points.Count];
            Assert.True(b.X == Math.Floor(b.X) && b.Y == Math.Floor(b.Y));
            var horizontalIn = a.Y == b.Y;
            var horizontalOut = b.Y == c.Y;
            Assert.True(horizontalIn != horizontalOut, $"Vertex {b} is not a corner.");
            Assert.True(a.X == b.X || a.Y == b.Y);
        }
    }
}
