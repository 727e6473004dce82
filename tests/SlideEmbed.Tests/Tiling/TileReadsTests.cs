using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;

namespace SlideEmbed.Tests.Tiling;

public sealed class TileReadsTests
{
    // Level-0 pixel (x, y) has colour (x, y, 7), so every byte read says which level-0 pixel it came from.
    private static InMemorySlide CoordinateSlide() =>
        new(128, 128, [1, 2, 4], (x, y) => new RgbColor((byte)x, (byte)y, 7));

    [Fact]
    public void Level0Bounds_Tile_IsTheLevel0SquareAtItsCorner()
    {
        using var slide = CoordinateSlide();
        var grid = TileGridPlanner.Plan(slide.Levels, MicronsPerPixel.Isotropic(0.25), null, 1,
            new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 8, MinTissueFraction = 0 });
        var tile = grid.Tiles[9];

        Assert.Equal(new Level0Rect(tile.X, tile.Y, 16, 16), grid.Level0Bounds(tile));
        Assert.Equal(16 + tile.X, grid.Level0Bounds(tile).Right);
    }

    [Fact]
    public void ReadTile_TargetAtLevelOne_ReadsTheTileAreaAtTheReadLevel()
    {
        // 0.25 um/px slide, 0.5 um/px target: 8 px at the target = 16 level-0 px = 8 px at level 1 (downsample 2).
        using var slide = CoordinateSlide();
        var grid = TileGridPlanner.Plan(slide.Levels, MicronsPerPixel.Isotropic(0.25), null, 1,
            new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(0.5), EdgeAtTargetPx = 8, MinTissueFraction = 0 });
        Assert.Equal((1, 8), (grid.ReadLevel, grid.EdgeAtReadLevelPx));
        var tile = grid.Tiles[9];
        var pixels = new byte[8 * 8 * 3];

        slide.ReadTile(grid, tile, pixels);

        Assert.Equal(1, slide.ReadCount);
        for (var j = 0; j < 8; j++)
        {
            for (var i = 0; i < 8; i++)
            {
                var o = ((j * 8) + i) * 3;
                Assert.Equal(((byte)(tile.X + (2 * i)), (byte)(tile.Y + (2 * j)), (byte)7), (pixels[o], pixels[o + 1], pixels[o + 2]));
            }
        }
    }
}
