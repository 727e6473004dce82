using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class ClamRegionFilterTests
{
    // A 12 x 9 block with holes of 6, 2 and 1 pixels, and a 2-pixel speck apart.
    private static readonly string[] s_rows =
    [
        "##############..",
        "#...##..###.##..",
        "#...#########...",
        "##############..",
        "##############.#",
        "##############.#",
    ];

    [Fact]
    public void Apply_HoleLimits_KeepsLargestHolesAndFillsTheRest()
    {
        var mask = MaskReference.Parse(s_rows);
        var filtered = ClamRegionFilter.Apply(mask, minRegionPixels: 10, minHolePixels: 2, maxHoles: 1);
        var region = Assert.Single(ContourTracer.Trace(filtered));
        Assert.Equal(6, Assert.Single(region.Holes).Area);
        Assert.True(filtered[6, 1] && filtered[11, 1]);
        Assert.False(filtered[15, 5]);
    }

    [Fact]
    public void Apply_RegionThreshold_UsesNetArea()
    {
        var mask = MaskReference.Parse(s_rows);
        var net = mask.CountForeground() - 2; // minus the speck
        Assert.Single(ContourTracer.Trace(ClamRegionFilter.Apply(mask, net, 0, 8)));
        Assert.Empty(ContourTracer.Trace(ClamRegionFilter.Apply(mask, net + 1, 0, 8)));
        var all = ContourTracer.Trace(ClamRegionFilter.Apply(mask, 2, 0, 8));
        Assert.Equal(2, all.Count);
        Assert.Equal(3, all[0].Holes.Count);
    }

    [Fact]
    public void Apply_IslandInFilledHole_MergesIntoParent()
    {
        var mask = MaskReference.Parse(
            "#######",
            "#.....#",
            "#.###.#",
            "#.#.#.#",
            "#.###.#",
            "#.....#",
            "#######");
        var kept = ContourTracer.Trace(ClamRegionFilter.Apply(mask, 1, 0, 8));
        Assert.Equal(2, kept.Count);

        var filled = ClamRegionFilter.Apply(mask, 1, 100, 8);
        var region = Assert.Single(ContourTracer.Trace(filled));
        Assert.Empty(region.Holes);
        Assert.Equal(49, filled.CountForeground());
    }

    [Fact]
    public void Apply_DroppedParent_IslandJudgedAlone()
    {
        // An 11 x 11 one-pixel frame (40 px) around a 7 x 7 island (49 px), one pixel of glass between.
        var mask = new BinaryMask(11, 11);
        for (var y = 0; y < 11; y++)
        {
            for (var x = 0; x < 11; x++)
            {
                mask[x, y] = x == 0 || y == 0 || x == 10 || y == 10 || (x is >= 2 and <= 8 && y is >= 2 and <= 8);
            }
        }

        Assert.Equal(2, ContourTracer.Trace(ClamRegionFilter.Apply(mask, 40, 0, 8)).Count);
        var islandOnly = ClamRegionFilter.Apply(mask, 45, 0, 8);
        var region = Assert.Single(ContourTracer.Trace(islandOnly));
        Assert.Equal(49, region.Outer.Area);
        Assert.Equal(49, islandOnly.CountForeground());
    }
}
