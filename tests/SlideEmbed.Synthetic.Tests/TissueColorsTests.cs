using SlideEmbed.Imaging;

namespace SlideEmbed.Synthetic.Tests;

public sealed class TissueColorsTests
{
    [Fact]
    public void Defaults_NewSpec_TissueSaturatedBackgroundNeutral()
    {
        var spec = new SyntheticSlideSpec(100, 100, Geometry.MicronsPerPixel.Isotropic(0.5));

        Assert.Equal(new RgbColor(243, 243, 243), spec.Background);
        Assert.Equal(0, TissueColors.Saturation(spec.Background));
        Assert.True(spec.TissueColors.MinimumSaturation >= 0.3, $"minimum tissue saturation {spec.TissueColors.MinimumSaturation}");
    }

    [Fact]
    public void At_ManyPoints_NeverBelowMinimumSaturation()
    {
        var colors = TissueColors.HematoxylinEosin;
        var nuclei = 0;
        for (var y = 0.5; y < 400; y += 3)
        {
            for (var x = 0.5; x < 400; x += 3)
            {
                var c = colors.At(x, y, 3);
                Assert.True(TissueColors.Saturation(c) >= colors.MinimumSaturation - 1e-12);
                nuclei += c.B > c.R ? 1 : 0;
            }
        }

        Assert.InRange(nuclei, 500, 8000); // nuclei present but not everywhere
    }

    [Fact]
    public void At_Flat_ReturnsStroma()
    {
        var flat = TissueColors.HematoxylinEosin with { ShadeDepth = 0, NucleusSpacing = 0 };

        Assert.Equal(flat.Stroma, flat.At(12.5, 99.5, 1));
    }

    [Fact]
    public void ShadeDepth_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TissueColors.HematoxylinEosin with { ShadeDepth = 65 });
    }
}
