using System.Globalization;
using SlideEmbed.Slides;
using SlideEmbed.TestSupport;

namespace SlideEmbed.OpenSlide.Tests;

public sealed class SharedSlideTests
{
    public static TheoryData<string> Openable => new(TestAssets.OpenableSlides);

    public static TheoryData<string> Unsupported => new(TestAssets.UnsupportedSlides);

    [Theory]
    [MemberData(nameof(Openable))]
    public void Open_SharedSlide_MatchesRecordedVendorDimensionsLevelsAndMpp(string relative)
    {
        var path = TestAssets.SharedSlide(relative);
        var expected = TestAssets.ExpectedProperties(relative)!;

        using var slide = new OpenSlideOpener().Open(path);

        Assert.Equal(expected["openslide.vendor"], slide.Vendor);
        Assert.Equal(int.Parse(expected["openslide.level-count"], CultureInfo.InvariantCulture), slide.Levels.Count);
        foreach (var level in slide.Levels)
        {
            var prefix = $"openslide.level[{level.Index}].";
            Assert.Equal(long.Parse(expected[prefix + "width"], CultureInfo.InvariantCulture), level.Width);
            Assert.Equal(long.Parse(expected[prefix + "height"], CultureInfo.InvariantCulture), level.Height);
            Assert.Equal(double.Parse(expected[prefix + "downsample"], CultureInfo.InvariantCulture), level.Downsample, 12);
        }

        var resolution = ResolutionResolver.FromProperties(slide.Properties);
        if (expected.TryGetValue("openslide.mpp-x", out var mppX))
        {
            Assert.NotNull(resolution);
            Assert.Equal(double.Parse(mppX, CultureInfo.InvariantCulture), resolution.Mpp.X, 9);
            Assert.Equal(double.Parse(expected["openslide.mpp-y"], CultureInfo.InvariantCulture), resolution.Mpp.Y, 9);
        }
        else
        {
            Assert.Null(resolution);
        }
    }

    [Theory]
    [MemberData(nameof(Openable))]
    public void Properties_SharedSlide_EqualOpenSlideShowProperties(string relative)
    {
        var path = TestAssets.SharedSlide(relative);
        var expected = TestAssets.ExpectedProperties(relative)!;

        using var slide = new OpenSlideOpener().Open(path);

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), slide.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void AssociatedImages_CmuSmallRegion_ListsAndReadsLabelMacroThumbnail()
    {
        var path = TestAssets.SharedSlide("CMU-1-Small-Region.svs");
        using var slide = new OpenSlideOpener().Open(path);

        var byName = slide.AssociatedImages.ToDictionary(a => a.Name);
        Assert.Equal((387L, 463L), (byName["label"].Width, byName["label"].Height));
        Assert.Equal((1280L, 431L), (byName["macro"].Width, byName["macro"].Height));
        Assert.Equal((574L, 768L), (byName["thumbnail"].Width, byName["thumbnail"].Height));

        using var thumbnail = slide.ReadAssociatedImage("thumbnail");
        Assert.Equal(574, thumbnail.Width);
        Assert.Equal(768, thumbnail.Height);
        // A real H&E thumbnail: not a single flat colour.
        var pixels = thumbnail.Pixels;
        Assert.Contains(pixels.ToArray(), b => b < 200);
        Assert.Throws<KeyNotFoundException>(() => slide.ReadAssociatedImage("no-such-image"));
    }

    [Fact]
    public void Open_BrokenFile_ThrowsUnsupportedFormatNamingTheSlide()
    {
        var path = TestAssets.SharedSlide("bad/broken.svs");

        var e = Assert.Throws<UnsupportedSlideFormatException>(() => new OpenSlideOpener().Open(path));

        Assert.Equal(path, e.SlidePath);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Null(new OpenSlideOpener().DetectVendor(path));
    }

    [Fact]
    public void Open_UnopenableTiff_ThrowsOpenExceptionWithLibraryMessage()
    {
        var path = TestAssets.SharedSlide("bad/unopenable.tiff");

        var e = Assert.Throws<SlideOpenException>(() => new OpenSlideOpener().Open(path));

        Assert.Equal(path, e.SlidePath);
        Assert.Equal("Unsupported TIFF compression: 52479", e.LibraryMessage);
        Assert.Equal("generic-tiff", new OpenSlideOpener().DetectVendor(path));
    }

    [Fact]
    public void ReadRegion_UnreadableSvs_ThrowsReadExceptionAndStaysDead()
    {
        var path = TestAssets.SharedSlide("bad/unreadable.svs");
        using var slide = new OpenSlideOpener().Open(path);
        Assert.Equal("aperio", slide.Vendor);
        Assert.Equal(16, slide.Levels[0].Width);
        var buffer = new byte[16 * 16 * 3];

        var first = Assert.Throws<SlideReadException>(() => slide.ReadRegion(0, 0, 0, 16, 16, buffer));
        Assert.Equal(path, first.SlidePath);
        Assert.Contains("Bogus marker length", first.LibraryMessage, StringComparison.Ordinal);

        // OpenSlide's error state is sticky: every later call fails with the same message.
        var second = Assert.Throws<SlideReadException>(() => slide.ReadRegion(0, 0, 0, 1, 1, buffer));
        Assert.Equal(first.LibraryMessage, second.LibraryMessage);
        Assert.Throws<SlideReadException>(() => slide.ReadAssociatedImage("thumbnail"));
    }

    [Fact]
    public void ReadAssociatedImage_UnreadableSvsThumbnail_ThrowsReadException()
    {
        using var slide = new OpenSlideOpener().Open(TestAssets.SharedSlide("bad/unreadable.svs"));

        var e = Assert.Throws<SlideReadException>(() => slide.ReadAssociatedImage("thumbnail"));

        Assert.False(string.IsNullOrEmpty(e.LibraryMessage));
    }

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Open_UnsupportedFormat_ThrowsUnsupportedFormat(string relative)
    {
        var path = TestAssets.SharedSlide(relative);

        var e = Assert.Throws<UnsupportedSlideFormatException>(() => new OpenSlideOpener().Open(path));

        Assert.Equal(path, e.SlidePath);
        Assert.Equal("unsupported-format", e.Kind);
    }

    [Fact]
    public void Open_EveryBadAndUnsupportedFileInTurn_GivesTypedErrorsAndGoodSlideStillOpensAfter()
    {
        foreach (var relative in TestAssets.BadSlides.Concat(TestAssets.UnsupportedSlides))
        {
            var path = TestAssets.SharedSlide(relative);
            try
            {
                using var slide = new OpenSlideOpener().Open(path);
                var buffer = new byte[3];
                slide.ReadRegion(0, 0, 0, 1, 1, buffer);
                Assert.Fail($"{relative} was expected to fail.");
            }
            catch (SlideException e)
            {
                Assert.Equal(path, e.SlidePath);
            }
        }

        using var good = new OpenSlideOpener().Open(TestAssets.SharedSlide("small.svs"));
        Assert.Equal(16, good.Levels[0].Width);
    }

    [Fact]
    public void Open_MissingFile_ThrowsOpenExceptionNamingIt()
    {
        var path = Path.Combine(TestAssets.NewTempDir(), "absent.svs");

        var e = Assert.Throws<SlideOpenException>(() => new OpenSlideOpener().Open(path));

        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.SlidePath);
    }
}
