using SlideEmbed.Geometry;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tiling;

public sealed class TileGridPlannerTests
{
    private static readonly SlideLevel[] s_singleLevel = [new SlideLevel(0, 10000, 8000, 1)];

    // Expected values worked out by hand: edge = round(224 * t / m), stride = round((224 - o) * t / m),
    // columns/rows = the largest k with (k - 1) * stride + edge <= size.
    [Theory]
    [InlineData(0.25, 0.5, 0, 448, 448, 22, 17)]
    [InlineData(0.2527, 0.5, 0, 443, 443, 22, 18)]
    [InlineData(0.5, 0.5, 0, 224, 224, 44, 35)]
    [InlineData(1.0, 0.5, 0, 112, 112, 89, 71)]
    [InlineData(0.25, 1.0, 0, 896, 896, 11, 8)]
    [InlineData(0.25, 0.5, 32, 448, 384, 25, 20)]
    [InlineData(0.2527, 1.0, 16, 886, 823, 12, 9)]
    public void Plan_NoMask_GridMatchesAnalyticCountsAndCoordinates(double slideMpp, double targetMpp, int overlap, long edge, long stride, int columns, int rows)
    {
        var grid = TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(slideMpp), null, 1,
            new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(targetMpp), EdgeAtTargetPx = 224, OverlapAtTargetPx = overlap, MinTissueFraction = 0 });

        Assert.Equal(edge, grid.Level0TileSize);
        Assert.Equal(stride, grid.Level0Stride);
        Assert.Equal((columns, rows), grid.GridSize);
        Assert.Equal(columns * rows, grid.Tiles.Count);
        Assert.Equal((0L, 0L), (grid.Tiles[0].X, grid.Tiles[0].Y));
        Assert.Equal(((columns - 1) * stride, (rows - 1) * stride), (grid.Tiles[^1].X, grid.Tiles[^1].Y));
        Assert.Equal((stride, 0L), (grid.Tiles[1].X, grid.Tiles[1].Y));
        Assert.Equal((0L, stride), (grid.Tiles[columns].X, grid.Tiles[columns].Y));
        Assert.All(grid.Tiles.Select((t, i) => (t, i)), p => Assert.Equal(p.i, p.t.Index));
        Assert.True(grid.Tiles[^1].X + edge <= 10000 && grid.Tiles[^1].Y + edge <= 8000);
    }

    [Theory]
    [InlineData(0.25, 0.5, 1, 2.0, 224)]
    [InlineData(0.25, 0.5, 0, 1.0, 448)] // level 1 at 2.0005x is coarser than 0.5 um/px: never upsample
    [InlineData(0.2527, 0.5, 0, 1.0, 443)]
    [InlineData(0.25, 1.0, 2, 4.0, 224)]
    [InlineData(0.25, 2.0, 2, 4.0, 448)]
    public void Plan_ReadLevel_IsCoarsestNotCoarserThanTarget(double slideMpp, double targetMpp, int level, double downsample, int readSize)
    {
        var second = level == 0 && slideMpp == 0.25 && targetMpp == 0.5 ? 2.0005 : 2.0;
        SlideLevel[] levels = [new(0, 40000, 30000, 1), new(1, 20000, 15000, second), new(2, 10000, 7500, 4), new(3, 2500, 1875, 16)];

        var grid = TileGridPlanner.Plan(levels, MicronsPerPixel.Isotropic(slideMpp), null, 1,
            new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(targetMpp), EdgeAtTargetPx = 224, MinTissueFraction = 0 });

        Assert.Equal(level, grid.ReadLevel);
        Assert.Equal(downsample, grid.ReadDownsample);
        Assert.Equal(readSize, grid.EdgeAtReadLevelPx);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    [InlineData(0.9)]
    public void Plan_RectangleOfTissue_KeepsExactlyTilesWithEnoughAnalyticOverlap(double minFraction)
    {
        // Tissue rectangle [2000, 6000) x [1024, 4992) in level-0 px, mask at 16 level-0 px per pixel.
        var mask = new BinaryMask(625, 500);
        for (var y = 1024 / 16; y < 4992 / 16; y++)
        {
            for (var x = 2000 / 16; x < 6000 / 16; x++)
            {
                mask[x, y] = true;
            }
        }

        var grid = TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(0.25), mask, 16,
            new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 224, MinTissueFraction = minFraction });

        var expected = new List<(long X, long Y, double F)>();
        for (long y = 0; y + 448 <= 8000; y += 448)
        {
            for (long x = 0; x + 448 <= 10000; x += 448)
            {
                var ox = Math.Max(0, Math.Min(x + 448, 6000) - Math.Max(x, 2000));
                var oy = Math.Max(0, Math.Min(y + 448, 4992) - Math.Max(y, 1024));
                var f = ox * oy / (448.0 * 448.0);
                if (f > 0 && f >= minFraction)
                {
                    expected.Add((x, y, f));
                }
            }
        }

        Assert.Equal(expected.Count, grid.Tiles.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal((expected[i].X, expected[i].Y), (grid.Tiles[i].X, grid.Tiles[i].Y));
            Assert.Equal(expected[i].F, grid.Tiles[i].TissueFraction, 5);
        }

        if (minFraction == 0.5)
        {
            Assert.Equal(80, grid.Tiles.Count); // 8 x 8 inside, 8 + 8 on two edges, corner excluded
        }
    }

    [Fact]
    public void Plan_MaxTiles_KeepsMostTissueInGridOrder()
    {
        var mask = new BinaryMask(100, 80);
        for (var y = 0; y < 80; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                mask[x, y] = (x + y) % 3 != 0 || x > 60;
            }
        }

        var all = TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(0.5), mask, 100, new TilingOptions { MinTissueFraction = 0.01 });
        var capped = TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(0.5), mask, 100, new TilingOptions { MinTissueFraction = 0.01, MaxTiles = 10 });

        Assert.Equal(10, capped.Tiles.Count);
        var threshold = all.Tiles.Select(t => t.TissueFraction).OrderDescending().ElementAt(9);
        Assert.All(capped.Tiles, t => Assert.True(t.TissueFraction >= threshold));
        Assert.Equal(capped.Tiles.OrderBy(t => t.Y).ThenBy(t => t.X), capped.Tiles);
        Assert.Equal(Enumerable.Range(0, 10), capped.Tiles.Select(t => t.Index));
    }

    [Fact]
    public void Plan_EmptyMask_GivesEmptyGrid()
    {
        var grid = TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(0.5), new BinaryMask(10, 8), 1000, new TilingOptions());
        Assert.Empty(grid.Tiles);
    }

    [Theory]
    [InlineData(0, 0, 0.5)]
    [InlineData(224, 224, 0.5)]
    [InlineData(224, -1, 0.5)]
    [InlineData(224, 0, 1.5)]
    public void Plan_InvalidOptions_Throw(int tileSize, int overlap, double minTissue)
    {
        var e = Assert.Throws<ArgumentException>(() => TileGridPlanner.Plan(s_singleLevel, MicronsPerPixel.Isotropic(0.5), null, 1,
            new TilingOptions { EdgeAtTargetPx = tileSize, OverlapAtTargetPx = overlap, MinTissueFraction = minTissue }));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("Parameter", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e-9)]
    [InlineData(0)]
    [InlineData(double.NaN)]
    [InlineData(5000)]
    public void Plan_ImplausibleTargetMpp_ThrowsOneLine(double mpp)
    {
        var e = Assert.Throws<ArgumentException>(() => TilingOptions.Target(mpp));
        Assert.Contains("microns per pixel", e.Message, StringComparison.Ordinal);
    }
}
