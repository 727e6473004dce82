using SlideEmbed.Slides;

namespace SlideEmbed.Tests.Slides;

public sealed class ResolutionResolverTests
{
    private static Dictionary<string, string> Props(params (string Key, string Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value);

    [Fact]
    public void Resolve_OpenSlideMpp_WinsOverVendorAndTiff()
    {
        var p = Props(("openslide.mpp-x", "0.499"), ("openslide.mpp-y", "0.5"), ("aperio.MPP", "0.3"),
            ("tiff.ResolutionUnit", "centimeter"), ("tiff.XResolution", "40000"), ("tiff.YResolution", "40000"));

        var r = ResolutionResolver.Resolve("s.svs", p);

        Assert.Equal(ResolutionSource.OpenSlideProperty, r.Source);
        Assert.Equal(0.499, r.Mpp.X);
        Assert.Equal(0.5, r.Mpp.Y);
    }

    [Fact]
    public void Resolve_OnlyAperioKey_UsesVendorKey()
    {
        var r = ResolutionResolver.Resolve("s.svs", Props(("aperio.MPP", "0.2527")));
        Assert.Equal(ResolutionSource.VendorProperty, r.Source);
        Assert.Equal(0.2527, r.Mpp.X);
        Assert.Equal("aperio.MPP", r.Detail);
    }

    [Fact]
    public void Resolve_PhilipsPixelSpacing_ConvertsMillimetresRowFirst()
    {
        var r = ResolutionResolver.Resolve("s.tiff", Props(("philips.DICOM_PIXEL_SPACING", "\"0.000243902\" \"0.000250000\"")));
        Assert.Equal(0.25, r.Mpp.X, 9);
        Assert.Equal(0.243902, r.Mpp.Y, 9);
    }

    [Theory]
    [InlineData("centimeter", "40000", 0.25)]
    [InlineData("inch", "101600", 0.25)]
    public void Resolve_TiffTags_ConvertsByUnit(string unit, string resolution, double expected)
    {
        var r = ResolutionResolver.Resolve("s.tif", Props(("tiff.ResolutionUnit", unit), ("tiff.XResolution", resolution), ("tiff.YResolution", resolution)));
        Assert.Equal(ResolutionSource.TiffResolution, r.Source);
        Assert.Equal(expected, r.Mpp.X, 12);
    }

    [Theory]
    [InlineData("centimeter", "28.346456527709961")] // 72 dpi default written by image tools
    [InlineData("inch", "96")]
    [InlineData("none", "40000")]
    public void Resolve_ImplausibleOrUnitlessTiffTags_AreNotUsed(string unit, string resolution)
    {
        var p = Props(("tiff.ResolutionUnit", unit), ("tiff.XResolution", resolution), ("tiff.YResolution", resolution));
        Assert.Null(ResolutionResolver.FromProperties(p));
        var e = Assert.Throws<MissingResolutionException>(() => ResolutionResolver.Resolve("/data/x.tif", p));
        Assert.Equal("/data/x.tif", e.SlidePath);
        Assert.Contains("/data/x.tif", e.Message, StringComparison.Ordinal);
        Assert.Contains("--slide-mpp", e.Message, StringComparison.Ordinal);
        Assert.Contains("--slide-mpp-csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NothingInFile_FallsBackToOverride()
    {
        var overrides = MppOverrides.Create(0.5, null);
        var r = ResolutionResolver.Resolve("x.tif", Props(), overrides);
        Assert.Equal(ResolutionSource.Override, r.Source);
        Assert.Equal(0.5, r.Mpp.X);
    }

    [Fact]
    public void Resolve_FallbackOverride_DoesNotBeatFileValue()
    {
        var r = ResolutionResolver.Resolve("x.svs", Props(("aperio.MPP", "0.25")), MppOverrides.Create(0.5, null));
        Assert.Equal(0.25, r.Mpp.X);
    }

    [Fact]
    public void Resolve_ForcedOverride_BeatsFileValue()
    {
        var r = ResolutionResolver.Resolve("x.svs", Props(("aperio.MPP", "0.25")), MppOverrides.Create(0.5, null, MppOverrideMode.Force));
        Assert.Equal(ResolutionSource.ForcedOverride, r.Source);
        Assert.Equal(0.5, r.Mpp.X);
    }

    [Fact]
    public void ObjectivePower_ReportsStatedValueOnly()
    {
        Assert.Equal((20.0, "aperio.AppMag"), ResolutionResolver.ObjectivePower(Props(("aperio.AppMag", "20"))));
        Assert.Null(ResolutionResolver.ObjectivePower(Props(("openslide.mpp-x", "0.25"), ("openslide.mpp-y", "0.25"))));
    }
}
