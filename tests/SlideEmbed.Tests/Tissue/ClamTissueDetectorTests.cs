using SlideEmbed.Geometry;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class ClamTissueDetectorTests
{
    [Fact]
    public void Name_Presets_AreNamedAndCustomOtherwise()
    {
        Assert.Equal("clam:tcga", new ClamTissueDetector().Name);
        Assert.Equal("clam:bwh_biopsy", new ClamTissueDetector(ClamTissueOptions.BwhBiopsy).Name);
        Assert.Equal("clam:bwh_resection", new ClamTissueDetector(ClamTissueOptions.BwhResection).Name);
        Assert.Equal("clam-otsu:tcga", new ClamTissueDetector(ClamTissueOptions.Tcga with { UseOtsu = true }).Name);
        Assert.Equal("clam:tcga", new ClamTissueDetector(ClamTissueOptions.Tcga with { PenMarks = PenMarkOptions.Default }).Name);
        Assert.Equal("clam:custom", new ClamTissueDetector(ClamTissueOptions.Tcga with { MaxHoles = 9 }).Name);
        Assert.Equal("clam:tcga", new ClamTissueDetector(ClamTissueOptions.BwhBiopsy with
        {
            SaturationThreshold = 8,
            MedianKernelSize = 7,
            CloseKernelSize = 4,
            MinRegionArea = 16,
            MinHoleArea = 4,
            MaxHoles = 8,
        }).Name);
    }

    [Fact]
    public void Parameters_Resection_CarryClamNames()
    {
        var parameters = new ClamTissueDetector(ClamTissueOptions.BwhResection).Parameters;
        Assert.Equal("15", parameters["sthresh"]);
        Assert.Equal("11", parameters["mthresh"]);
        Assert.Equal("4", parameters["close"]);
        Assert.Equal("100", parameters["a_t"]);
        Assert.Equal("16", parameters["a_h"]);
        Assert.Equal("8", parameters["max_n_holes"]);
        Assert.Equal("false", parameters["use_otsu"]);
        Assert.Equal("128", parameters["area_unit_um"]);
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClamTissueOptions.Tcga with { MedianKernelSize = 6 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ClamTissueOptions.Tcga with { SaturationThreshold = 256 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ClamTissueOptions.Tcga with { MinRegionArea = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => ClamTissueOptions.Tcga with { MaxHoles = -1 });
    }

    [Fact]
    public void Detect_SpecksSurvivingMedian_RemovedByAreaThreshold()
    {
        // 6 x 6 specks outlive a 7 x 7 median but are far below a_t = 16 squares (1,024 px at 16 um/px).
        using var slide = SyntheticTissueImage.Create(speckSize: 6);
        var detector = new ClamTissueDetector();
        var unfiltered = new ClamTissueDetector(ClamTissueOptions.Tcga with { MinRegionArea = 0 });
        Assert.Single(detector.Detect(slide.Image, SyntheticTissueImage.Resolution).Regions);
        Assert.Equal(13, unfiltered.Detect(slide.Image, SyntheticTissueImage.Resolution).Regions.Count);
    }

    [Fact]
    public void Detect_HoleBelowMinHoleArea_FilledAsTissue()
    {
        // The drawn hole is about 2,600 px; a_h = 64 squares is 4,096 px at 16 um/px.
        using var slide = SyntheticTissueImage.Create();
        var detector = new ClamTissueDetector(ClamTissueOptions.Tcga with { MinHoleArea = 64 });
        var result = detector.Detect(slide.Image, SyntheticTissueImage.Resolution);
        Assert.Empty(Assert.Single(result.Regions).Holes);
        Assert.True(result.Mask[(int)slide.HoleCentre.X, (int)slide.HoleCentre.Y]);
    }

    [Fact]
    public void Detect_CoarserResolution_SameThresholdInMicrons()
    {
        // 8 x 8 specks (about 50-64 px after the median) pass a_t = 0.5 squares at 16 um/px (32 px)
        // but not at 8 um/px (128 px); read as 4 um/px, the default a_t of 16 squares is 16,384 px
        // and the ~33,600 px ellipse still passes.
        using var slide = SyntheticTissueImage.Create(speckSize: 8);
        var lenient = new ClamTissueDetector(ClamTissueOptions.Tcga with { MinRegionArea = 0.5 });
        Assert.Equal(13, lenient.Detect(slide.Image, MicronsPerPixel.Isotropic(16)).Regions.Count);
        Assert.Single(lenient.Detect(slide.Image, MicronsPerPixel.Isotropic(8)).Regions);
        Assert.Single(new ClamTissueDetector().Detect(slide.Image, MicronsPerPixel.Isotropic(4)).Regions);
    }
}
