using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

/// <summary>Behaviour every <see cref="ITissueDetector"/> must show on drawn slides; one subclass per detector configuration.</summary>
public abstract class TissueDetectorContractTests
{
    /// <summary>Creates the detector under test, optionally with pen exclusion.</summary>
    protected abstract ITissueDetector CreateDetector(PenMarkOptions? penMarks);

    [Fact]
    public void Detect_SyntheticTissue_MatchesGroundTruth()
    {
        using var slide = SyntheticTissueImage.Create();
        var result = CreateDetector(null).Detect(slide.Image, SyntheticTissueImage.Resolution);
        var iou = MaskReference.IoU(slide.Truth, result.Mask);
        Assert.True(iou >= 0.95, $"IoU {iou:F4}");
    }

    [Fact]
    public void Detect_SyntheticTissue_OneRegionWithTheHoleAsRing()
    {
        using var slide = SyntheticTissueImage.Create();
        var result = CreateDetector(null).Detect(slide.Image, SyntheticTissueImage.Resolution);
        var region = Assert.Single(result.Regions);
        var hole = Assert.Single(region.Holes);
        var expectedArea = Math.PI * slide.HoleRadius * slide.HoleRadius;
        Assert.InRange(hole.Area, 0.85 * expectedArea, 1.15 * expectedArea);
        Assert.True(hole.Contains(slide.HoleCentre.X, slide.HoleCentre.Y));
        Assert.False(region.Contains(slide.HoleCentre.X, slide.HoleCentre.Y));
    }

    [Fact]
    public void Detect_SyntheticTissue_SpecksRemoved()
    {
        using var slide = SyntheticTissueImage.Create();
        var result = CreateDetector(null).Detect(slide.Image, SyntheticTissueImage.Resolution);
        for (var y = 0; y < 50; y++)
        {
            for (var x = 300; x < 400; x++)
            {
                Assert.False(result.Mask[x, y], $"Speck pixel ({x}, {y}) kept.");
            }
        }
    }

    [Fact]
    public void Detect_SyntheticTissue_MaskAgreesWithRegions()
    {
        using var slide = SyntheticTissueImage.Create();
        var result = CreateDetector(null).Detect(slide.Image, SyntheticTissueImage.Resolution);
        var rasterised = MaskReference.Rasterize(result.Regions, result.Mask.Width, result.Mask.Height);
        Assert.Equal(result.Mask.Data, rasterised.Data);
        Assert.Equal(result.Mask.CountForeground(), result.Regions.Sum(r => r.NetArea));
    }

    [Fact]
    public void Detect_PenStroke_KeptAsTissueWithoutExclusion()
    {
        using var slide = SyntheticTissueImage.Create(pen: true);
        var result = CreateDetector(null).Detect(slide.Image, SyntheticTissueImage.Resolution);
        Assert.Equal(2, result.Regions.Count);
    }

    [Fact]
    public void Detect_PenStroke_RemovedWithExclusion()
    {
        using var slide = SyntheticTissueImage.Create(pen: true);
        var result = CreateDetector(PenMarkOptions.Default).Detect(slide.Image, SyntheticTissueImage.Resolution);
        Assert.Single(result.Regions);
        Assert.True(MaskReference.IoU(slide.Truth, result.Mask) >= 0.95);
    }

    [Fact]
    public void Detect_BlankGlass_FindsNothing()
    {
        using var image = new RgbImage(64, 48);
        var random = new Random(3);
        var pixels = image.Pixels;
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.Next(232, 241);
        }

        var result = CreateDetector(null).Detect(image, MicronsPerPixel.Isotropic(16));
        Assert.Empty(result.Regions);
        Assert.Equal(0, result.Mask.CountForeground());
    }

    [Fact]
    public void Detect_EmptyImage_FindsNothing()
    {
        using var image = new RgbImage(0, 0);
        var result = CreateDetector(null).Detect(image, MicronsPerPixel.Isotropic(16));
        Assert.Empty(result.Regions);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(double.NaN)]
    public void Detect_BadResolution_Throws(double mpp)
    {
        using var image = new RgbImage(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateDetector(null).Detect(image, MicronsPerPixel.Isotropic(mpp)));
    }

    [Fact]
    public void Parameters_AreInvariantAndIncludePen()
    {
        var plain = CreateDetector(null);
        var withPen = CreateDetector(PenMarkOptions.Default);
        Assert.False(string.IsNullOrWhiteSpace(plain.Name));
        Assert.Equal("false", plain.Parameters["pen"]);
        Assert.Equal("true", withPen.Parameters["pen"]);
        Assert.Equal("32", withPen.Parameters["pen.margin_um"]);
        Assert.All(plain.Parameters.Values, v => Assert.DoesNotContain(",", v, StringComparison.Ordinal));
        Assert.Equal(plain.Parameters.Keys.Order(StringComparer.Ordinal), plain.Parameters.Keys);
    }
}
