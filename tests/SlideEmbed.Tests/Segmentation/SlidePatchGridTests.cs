using SlideEmbed.Geometry;
using SlideEmbed.Segmentation;

namespace SlideEmbed.Tests.Segmentation;

/// <summary>TRIDENT's per-patch grid, against values worked out by hand from its published rules.</summary>
public sealed class SlidePatchGridTests
{
    private static readonly SlideLevel[] s_levels =
    [
        new(0, 10000, 7000, 1), new(1, 2500, 1750, 4.0003), new(2, 625, 437, 16.0115),
    ];

    [Theory]
    // 1 um/px on a 0.25 um/px slide: d = 4, level 1 within 0.1; step 2048; int(4.0003) = 4 -> 512 px read.
    [InlineData(1.0, 512, 1, 2048, 512, 5, 4, 2500, 1750)]
    // 10 um/px: d = 40, no level within 0.1, the coarsest below is level 2; step 20480; int(16.0115) = 16 -> 1280 px read.
    [InlineData(10.0, 512, 2, 20480, 1280, 1, 1, 250, 175)]
    // 0.125 um/px: finer than level 0, so level 0; step round(128 * 0.5) = 64, read as 64 and upscaled; ceil(10000 / 64) = 157.
    [InlineData(0.125, 128, 0, 64, 64, 157, 110, 20000, 14000)]
    // d = 2.6: level 0 (level 1 is above d); step round(64 * 2.6) = round(166.4) = 166.
    [InlineData(0.65, 64, 0, 166, 166, 61, 43, 3846, 2692)]
    public void Grid_TridentRules_LevelStepRegionAndMap(double targetMpp, int size, int level, long step, int region, int cols, int rows, int mapW, int mapH)
    {
        var grid = new SlidePatchGrid(s_levels, 0.25, targetMpp, size);

        Assert.Equal(level, grid.Level.Index);
        Assert.Equal(step, grid.Step);
        Assert.Equal(region, grid.RegionSize);
        Assert.Equal((cols, rows), (grid.Columns, grid.Rows));
        Assert.Equal((mapW, mapH), (grid.MapWidth, grid.MapHeight));
    }

    [Fact]
    public void Patches_RowMajorOriginsLandAtRoundedMapPositions()
    {
        var grid = new SlidePatchGrid(s_levels, 0.25, 0.65, 64);

        var patches = grid.Patches().ToList();

        Assert.Equal(61 * 43, patches.Count);
        Assert.Equal((0L, 0L, 0, 0), patches[0]);
        // x0 = 166 level-0 px -> 166 * 0.25 / 0.65 = 63.85 -> 64.
        Assert.Equal((166L, 0L, 64, 0), patches[1]);
        Assert.Equal((0L, 166L, 0, 64), patches[61]);
    }
}
