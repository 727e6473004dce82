using SlideEmbed.Geometry;

namespace SlideEmbed.Synthetic.Tests;

public sealed class SyntheticSlideSpecTests
{
    private static readonly MicronsPerPixel s_mpp = MicronsPerPixel.Isotropic(0.25);

    [Fact]
    public void ComputeLevels_Gigapixel_PowersOfFourWhileAtLeastATile()
    {
        var levels = SyntheticSlides.Gigapixel().ComputeLevels();

        Assert.Equal([1.0, 4, 16, 64], levels.Select(l => l.Downsample));
        Assert.Equal([40000L, 10000, 2500, 625], levels.Select(l => l.Width));
        Assert.Equal([30000L, 7500, 1875, 469], levels.Select(l => l.Height));
    }

    [Fact]
    public void ComputeLevels_ExplicitDownsamples_SizesAreCeilings()
    {
        var spec = new SyntheticSlideSpec(1001, 999, s_mpp) { Downsamples = [1, 2, 4, 8] };

        var levels = spec.ComputeLevels();

        Assert.Equal([1001L, 501, 251, 126], levels.Select(l => l.Width));
        Assert.Equal([999L, 500, 250, 125], levels.Select(l => l.Height));
        Assert.Equal([0, 1, 2, 3], levels.Select(l => l.Index));
    }

    [Fact]
    public void ComputeLevels_SlideSmallerThanTile_OneLevel()
    {
        Assert.Single(new SyntheticSlideSpec(300, 200, s_mpp).ComputeLevels());
    }

    [Fact]
    public void TileSizeFor_DeflateLevelSmallerThanTile_LargestMultipleOf16ThatFits()
    {
        var spec = new SyntheticSlideSpec(1000, 750, s_mpp) { Compression = SyntheticCompression.Deflate, Downsamples = [1, 2, 4, 8] };

        Assert.Equal([256, 256, 176, 80], spec.ComputeLevels().Select(spec.TileSizeFor));
        Assert.Equal([256, 256, 256, 256], spec.ComputeLevels().Select((spec with { Compression = SyntheticCompression.Jpeg }).TileSizeFor));
    }

    [Fact]
    public void Validate_DeflateLevelUnder16Pixels_Throws()
    {
        var spec = new SyntheticSlideSpec(1000, 100, s_mpp) { Compression = SyntheticCompression.Deflate, Downsamples = [1, 8] };

        Assert.Throws<ArgumentException>(spec.Validate);
        (spec with { Compression = SyntheticCompression.Jpeg }).Validate();
    }

    [Fact]
    public void Defaults_NewSpec_AreDocumentedValues()
    {
        var spec = new SyntheticSlideSpec(10, 10, s_mpp);

        Assert.Equal(SyntheticSlideStyle.Generic, spec.Style);
        Assert.Equal(256, spec.TileSize);
        Assert.Equal(SyntheticCompression.Jpeg, spec.Compression);
        Assert.Equal(90, spec.JpegQuality);
        Assert.Equal(SyntheticJpegColorSpace.YCbCr, spec.JpegColorSpace);
        Assert.Null(spec.Downsamples);
        Assert.Empty(spec.Shapes);
        Assert.Equal(40, spec.EffectiveObjectivePower());
    }

    [Theory]
    [InlineData(100)]
    [InlineData(8)]
    [InlineData(8192)]
    public void TileSize_NotAMultipleOf16InRange_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSlideSpec(10, 10, s_mpp) { TileSize = size });
    }

    [Fact]
    public void Properties_OutOfRange_Throw()
    {
        var spec = new SyntheticSlideSpec(10, 10, s_mpp);

        Assert.Throws<ArgumentOutOfRangeException>(() => spec with { JpegQuality = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => spec with { MaxDegreeOfParallelism = 0 });
        Assert.Throws<ArgumentException>(() => spec with { Downsamples = [2, 4] });
        Assert.Throws<ArgumentException>(() => spec with { Downsamples = [1, 4, 4] });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSlideSpec(0, 10, s_mpp));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyntheticSlideSpec(10, 10, default));
    }

    [Fact]
    public void Validate_AperioWithAnisotropicMpp_Throws()
    {
        var spec = new SyntheticSlideSpec(10, 10, new MicronsPerPixel(0.25, 0.26)) { Style = SyntheticSlideStyle.Aperio };

        Assert.Throws<ArgumentException>(spec.Validate);
    }

    [Fact]
    public void Validate_AssociatedImagesInGenericStyle_Throws()
    {
        var spec = new SyntheticSlideSpec(10, 10, s_mpp) { IncludeLabel = true };

        Assert.Throws<ArgumentException>(spec.Validate);
        (spec with { Style = SyntheticSlideStyle.Aperio }).Validate();
    }

    [Fact]
    public void TissueWithHoles_4000x3000_RegionsHaveHolesAndSpecksAreTiny()
    {
        var spec = SyntheticSlides.TissueWithHoles(4000, 3000, s_mpp);
        var regions = spec.Shapes.Take(SyntheticSlides.RegionCount).ToList();
        var specks = spec.Shapes.Skip(SyntheticSlides.RegionCount).ToList();

        Assert.Equal(SyntheticSlides.SpeckCount, specks.Count);
        Assert.All(regions, r => Assert.NotEmpty(r.Holes));
        var smallest = regions.Min(r => r.Area);
        Assert.All(specks, s => Assert.True(s.Area < smallest * 0.001));
        Assert.All(spec.Shapes, s => Assert.True(s.Bounds.MinX >= 0 && s.Bounds.MinY >= 0 && s.Bounds.MaxX <= 4000 && s.Bounds.MaxY <= 3000));
    }
}
