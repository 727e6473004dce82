using System.Globalization;
using SlideEmbed.Imaging;
using SlideEmbed.Slides;

namespace SlideEmbed.Synthetic.Tests;

/// <summary>Written slides read back with OpenSlide 3.4.1: vendor, pyramid, resolution, pixels.</summary>
public sealed class SyntheticSlideWriterOpenSlideTests(WrittenSlides slides) : IClassFixture<WrittenSlides>
{
    /// <summary>
    /// JPEG tolerance, stated: over a whole level the mean absolute error per channel is at most 3
    /// grey levels and 99% of channel values are within 28 (measured at quality 90: mean 0.3 to 1.5,
    /// 99th percentile 6 to 20). Errors concentrate at nucleus and patch edges and, with 2 x 2 chroma
    /// subsampling, at tissue borders; point-sampled lower levels are busier and err more.
    /// </summary>
    private const double JpegMeanAbsoluteError = 3;
    private const int JpegPercentile99Error = 28;

    /// <summary>"Away from edges": every pixel within this many level pixels has the same ground-truth class.</summary>
    private const int EdgeMargin = 3;

    /// <summary>The HSV saturation between the neutral background (0) and the default tissue palette (at least 0.32).</summary>
    private const double TissueSaturationThreshold = 0.15;

    [Fact]
    public void Open_GenericDeflate_GenericTiffWithLevelsAndTiffResolution()
    {
        using var slide = SlideReader.Open(slides.GenericDeflate.Path);

        Assert.Equal("generic-tiff", slide.Vendor);
        AssertLevels(slides.GenericDeflate, slide);
        Assert.Equal([1000L, 500, 250, 125], slide.Levels.Select(l => l.Width));
        Assert.Equal([750L, 375, 188, 94], slide.Levels.Select(l => l.Height));
        Assert.Equal([256, 256, 176, 80], slides.GenericDeflate.LevelTileSizes);
        Assert.Equal("centimeter", slide.Properties["tiff.ResolutionUnit"]);
        Assert.Equal(20_000, double.Parse(slide.Properties["tiff.XResolution"], CultureInfo.InvariantCulture), 6);

        var resolution = ResolutionResolver.Resolve(slide.Path, slide.Properties);
        Assert.Equal(ResolutionSource.TiffResolution, resolution.Source);
        Assert.Equal(0.5, resolution.Mpp.X, 9);
        Assert.Equal(0.5, resolution.Mpp.Y, 9);
    }

    [Fact]
    public void Open_GenericAnisotropic_ResolvesBothAxes()
    {
        using var slide = SlideReader.Open(slides.GenericRgbJpeg.Path);

        var resolution = ResolutionResolver.Resolve(slide.Path, slide.Properties);

        Assert.Equal(0.25, resolution.Mpp.X, 6);
        Assert.Equal(0.3, resolution.Mpp.Y, 6);
    }

    [Fact]
    public void Open_AperioJpeg_AperioWithMppObjectivePowerAndAssociatedImages()
    {
        using var slide = SlideReader.Open(slides.AperioJpeg.Path);

        Assert.Equal("aperio", slide.Vendor);
        AssertLevels(slides.AperioJpeg, slide);
        Assert.Equal([1.0, 4], slide.Levels.Select(l => l.Downsample));
        Assert.Equal("0.25", slide.Properties["openslide.mpp-x"]);
        Assert.Equal("0.25", slide.Properties["openslide.mpp-y"]);
        Assert.Equal("40", slide.Properties["openslide.objective-power"]);
        Assert.StartsWith("Aperio Image Library", slide.Properties["openslide.comment"], StringComparison.Ordinal);

        var resolution = ResolutionResolver.Resolve(slide.Path, slide.Properties);
        Assert.Equal(ResolutionSource.OpenSlideProperty, resolution.Source);
        Assert.Equal(0.25, resolution.Mpp.X, 9);

        Assert.Equal(
            slides.AperioJpeg.AssociatedImages.OrderBy(a => a.Name, StringComparer.Ordinal),
            slide.AssociatedImages.OrderBy(a => a.Name, StringComparer.Ordinal));
        Assert.Equal(
            [new AssociatedImageInfo("label", 400, 400), new AssociatedImageInfo("macro", 1280, 432), new AssociatedImageInfo("thumbnail", 768, 576)],
            slide.AssociatedImages.OrderBy(a => a.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void ReadRegion_Deflate_EveryPixelOfEveryLevelEqualsExpectedColour()
    {
        var scene = slides.GenericDeflateSpec.CreateScene();
        using var slide = SlideReader.Open(slides.GenericDeflate.Path);

        for (var level = 0; level < slide.Levels.Count; level++)
        {
            var d = slides.GenericDeflate.Levels[level].Downsample;
            var (w, h) = ((int)slide.Levels[level].Width, (int)slide.Levels[level].Height);
            var actual = SlideReader.ReadLevel(slide, level);
            var mismatches = 0;
            for (var j = 0; j < h; j++)
            {
                for (var i = 0; i < w; i++)
                {
                    var expected = scene.ExpectedColor((i + 0.5) * d, (j + 0.5) * d);
                    var o = ((j * w) + i) * 3;
                    mismatches += expected == new RgbColor(actual[o], actual[o + 1], actual[o + 2]) ? 0 : 1;
                }
            }

            Assert.True(mismatches == 0, $"level {level}: {mismatches} of {w * h} pixels differ from the scene");
        }
    }

    [Fact]
    public void ReadRegion_DeflateOffsetRegion_EqualsRenderRegion()
    {
        var scene = slides.GenericDeflateSpec.CreateScene();
        using var slide = SlideReader.Open(slides.GenericDeflate.Path);
        var actual = new byte[300 * 200 * 3];
        var expected = new byte[300 * 200 * 3];

        slide.ReadRegion(200, 100, 0, 300, 200, actual);
        scene.RenderRegion(200, 100, 300, 200, 1, expected);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("aperio")]
    [InlineData("rgb")]
    public void ReadRegion_Jpeg_WithinToleranceAndClassificationAgreesAwayFromEdges(string which)
    {
        var (info, spec) = which == "aperio" ? (slides.AperioJpeg, slides.AperioJpegSpec) : (slides.GenericRgbJpeg, slides.GenericRgbJpegSpec);
        var scene = spec.CreateScene();
        using var slide = SlideReader.Open(info.Path);

        for (var level = 0; level < slide.Levels.Count; level++)
        {
            var d = info.Levels[level].Downsample;
            var (w, h) = ((int)slide.Levels[level].Width, (int)slide.Levels[level].Height);
            var actual = SlideReader.ReadLevel(slide, level);
            var expected = new byte[actual.Length];
            scene.RenderRegion(0, 0, w, h, d, expected);
            var mask = scene.RenderTissueMask(w, h, d);

            var histogram = new long[256];
            long absSum = 0;
            for (var k = 0; k < actual.Length; k++)
            {
                var e = Math.Abs(actual[k] - expected[k]);
                histogram[e]++;
                absSum += e;
            }

            var mean = absSum / (double)actual.Length;
            var p99 = Percentile(histogram, actual.Length, 0.99);
            Assert.True(mean <= JpegMeanAbsoluteError, $"level {level}: mean absolute error {mean:F2}");
            Assert.True(p99 <= JpegPercentile99Error, $"level {level}: 99th percentile error {p99}");

            var interior = InteriorPixels(mask, w, h, EdgeMargin);
            long agree = 0;
            long total = 0;
            for (var j = 0; j < h; j++)
            {
                for (var i = 0; i < w; i++)
                {
                    if (!interior[(j * w) + i])
                    {
                        continue;
                    }

                    var o = ((j * w) + i) * 3;
                    var looksLikeTissue = TissueColors.Saturation(new RgbColor(actual[o], actual[o + 1], actual[o + 2])) > TissueSaturationThreshold;
                    agree += looksLikeTissue == (mask[(j * w) + i] == 1) ? 1 : 0;
                    total++;
                }
            }

            Assert.True(total > w * h / 2, $"level {level}: only {total} interior pixels");
            Assert.True(agree > total * 0.99, $"level {level}: classification agrees on {agree} of {total} interior pixels");
        }
    }

    [Fact]
    public void ReadAssociatedImage_Thumbnail_EqualsSceneAtThumbnailDownsample()
    {
        var scene = slides.AperioJpegSpec.CreateScene();
        using var slide = SlideReader.Open(slides.AperioJpeg.Path);

        using var thumbnail = slide.ReadAssociatedImage("thumbnail");
        var expected = new byte[768 * 576 * 3];
        scene.RenderRegion(0, 0, 768, 576, 2048 / 768.0, expected);

        Assert.Equal(expected, thumbnail.Pixels.ToArray());
    }

    [Fact]
    public void ReadAssociatedImage_LabelAndMacro_Readable()
    {
        using var slide = SlideReader.Open(slides.AperioJpeg.Path);

        using var label = slide.ReadAssociatedImage("label");
        using var macro = slide.ReadAssociatedImage("macro");

        Assert.Contains((byte)20, label.Pixels.ToArray()); // the barcode's ink
        Assert.Equal(1280, macro.Width);
    }

    private static void AssertLevels(SyntheticSlideInfo info, ISlideSource slide)
    {
        Assert.Equal(info.Levels.Count, slide.Levels.Count);
        for (var i = 0; i < info.Levels.Count; i++)
        {
            Assert.Equal(info.Levels[i].Width, slide.Levels[i].Width);
            Assert.Equal(info.Levels[i].Height, slide.Levels[i].Height);

            // OpenSlide derives downsamples from the rounded-up level sizes, so they can differ slightly.
            Assert.Equal(info.Levels[i].Downsample, slide.Levels[i].Downsample, info.Levels[i].Downsample * 0.01);
        }
    }

    private static int Percentile(long[] histogram, long count, double fraction)
    {
        long seen = 0;
        for (var e = 0; e < histogram.Length; e++)
        {
            seen += histogram[e];
            if (seen >= count * fraction)
            {
                return e;
            }
        }

        return histogram.Length - 1;
    }

    private static bool[] InteriorPixels(byte[] mask, int w, int h, int margin)
    {
        var interior = new bool[w * h];
        for (var j = margin; j < h - margin; j++)
        {
            for (var i = margin; i < w - margin; i++)
            {
                var value = mask[(j * w) + i];
                var same = true;
                for (var dj = -margin; dj <= margin && same; dj++)
                {
                    for (var di = -margin; di <= margin && same; di++)
                    {
                        same = mask[((j + dj) * w) + i + di] == value;
                    }
                }

                interior[(j * w) + i] = same;
            }
        }

        return interior;
    }
}
