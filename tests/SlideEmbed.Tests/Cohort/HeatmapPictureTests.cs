using SlideEmbed.Cohort;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tests.Cohort;

public sealed class HeatmapPictureTests
{
    [Fact]
    public void Render_TilesWithColours_PaintsTheirSquaresOnly()
    {
        // Two 100-px tiles at downsample 10: squares (0..9, 0..9) and (20..29, 10..19) of a 40 x 30 canvas.
        HeatmapTile[] tiles = [new(0, 0, 100), new(200, 100, 100), new(300, 0, 100)];
        RgbColor?[] colors = [new RgbColor(255, 0, 0), new RgbColor(0, 0, 255), null];

        using var picture = HeatmapPicture.Render(tiles, colors, null, 40, 30, 10, 1, null);

        Assert.Equal((40, 30), (picture.Width, picture.Height));
        Assert.Equal(new RgbColor(255, 0, 0), At(picture, 0, 0));
        Assert.Equal(new RgbColor(255, 0, 0), At(picture, 9, 9));
        Assert.Equal(RgbColor.White, At(picture, 10, 5));
        Assert.Equal(new RgbColor(0, 0, 255), At(picture, 25, 15));
        Assert.Equal(RgbColor.White, At(picture, 35, 5));
    }

    [Fact]
    public void Render_HalfOpacityOverBackground_Blends()
    {
        using var background = new RgbImage(4, 4);
        background.Pixels.Fill(100);

        using var picture = HeatmapPicture.Render([new HeatmapTile(0, 0, 4)], [new RgbColor(200, 0, 50)], background, 0, 0, 1, 0.5, null);

        Assert.Equal(new RgbColor(150, 50, 75), At(picture, 2, 2));
    }

    [Fact]
    public void Render_Legend_AddsOneSwatchPerColourBelow()
    {
        using var picture = HeatmapPicture.Render([], [], null, 48, 24, 1, 1, [HeatmapColors.Token(0), HeatmapColors.Token(1), HeatmapColors.Token(2)]);

        Assert.True(picture.Height > 24);
        Assert.Equal(HeatmapColors.Token(0), At(picture, 5, picture.Height - 2));
        Assert.Equal(HeatmapColors.Token(2), At(picture, 40, picture.Height - 2));
    }

    [Fact]
    public void FromPca_ExtremeTiles_GetZeroAndFullChannels()
    {
        // Three tiles with scores (pc1, pc2, pc3): channel c spans each component's min..max.
        float[] scores = [-1, 5, 0, 3, 5, 2, 1, 5, 1];

        var colors = HeatmapColors.FromPca(scores, 3);

        Assert.Equal(new RgbColor(0, 128, 0), colors[0]);
        Assert.Equal(new RgbColor(255, 128, 255), colors[1]);
        Assert.Equal(new RgbColor(128, 128, 128), colors[2]);
    }

    [Fact]
    public void Ramp_EndsAndMiddle_AreTheViridisAnchors()
    {
        Assert.Equal(new RgbColor(68, 1, 84), HeatmapColors.Ramp(0));
        Assert.Equal(new RgbColor(33, 145, 140), HeatmapColors.Ramp(0.5));
        Assert.Equal(new RgbColor(253, 231, 37), HeatmapColors.Ramp(1));
    }

    [Fact]
    public void Token_FirstHundred_AllDistinct()
    {
        Assert.Equal(100, Enumerable.Range(0, 100).Select(HeatmapColors.Token).Distinct().Count());
    }

    private static RgbColor At(RgbImage image, int x, int y)
    {
        var row = image.Row(y);
        return new RgbColor(row[3 * x], row[(3 * x) + 1], row[(3 * x) + 2]);
    }
}
