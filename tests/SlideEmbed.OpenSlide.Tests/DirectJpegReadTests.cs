using SlideEmbed.Geometry;
using SlideEmbed.OpenSlide.Direct;
using SlideEmbed.Slides;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;

namespace SlideEmbed.OpenSlide.Tests;

/// <summary>
/// The direct JPEG tile path against OpenSlide itself: the same slide opened twice, once with direct reads
/// and once with every read through <c>openslide_read_region</c>, must give identical bytes for every
/// region; regions the direct path cannot serve (edges, fractional positions) go to OpenSlide.
/// </summary>
public sealed class DirectJpegReadTests
{
    private sealed record Region(long X, long Y, int Level, int Width, int Height);

    [Theory]
    [InlineData("CMU-1-Small-Region.svs")]
    [InlineData("small.svs")]
    public void SharedAperioJpegSlide_EveryRegion_EqualsOpenSlide(string name)
    {
        var path = TestAssets.SharedSlide(name);
        RequireTurboJpeg();
        using var direct = OpenSlideSource.Open(path);
        using var reference = OpenSlideSource.Open(path, directReads: false);

        Assert.Equal([0], direct.DirectLevels);
        var served = AssertSameRegions(direct, reference, RandomRegions(direct, 300, seed: 11));
        Assert.True(served >= 100, $"only {served} of 300 regions took the direct path");
    }

    [Theory]
    [InlineData("TCGA-CR-7395-01A-01-TS1.svs")]
    [InlineData("boxes.tiff")]
    public void SharedSlideWithoutJpegTiles_ReadsThroughOpenSlideOnly(string name)
    {
        // JPEG 2000 (Aperio 33005) and Deflate tiles are not for the direct path.
        var path = TestAssets.SharedSlide(name);
        using var slide = OpenSlideSource.Open(path);

        Assert.Empty(slide.DirectLevels);
    }

    [Theory]
    [InlineData(SyntheticSlideStyle.Aperio, SyntheticJpegColorSpace.YCbCr)]
    [InlineData(SyntheticSlideStyle.Aperio, SyntheticJpegColorSpace.Rgb)]
    [InlineData(SyntheticSlideStyle.Generic, SyntheticJpegColorSpace.YCbCr)]
    [InlineData(SyntheticSlideStyle.Generic, SyntheticJpegColorSpace.Rgb)]
    public void SyntheticJpegSlide_EveryLevel_EqualsOpenSlide(SyntheticSlideStyle style, SyntheticJpegColorSpace colorSpace)
    {
        RequireTurboJpeg();
        var path = WriteSlide(style, colorSpace);
        using var direct = OpenSlideSource.Open(path);
        using var reference = OpenSlideSource.Open(path, directReads: false);

        Assert.Equal([0, 1, 2], direct.DirectLevels);
        var served = AssertSameRegions(direct, reference, RandomRegions(direct, 400, seed: 5));
        Assert.True(served >= 150, $"only {served} of 400 regions took the direct path");

        // Whole levels, and regions at whole-pixel positions of the coarser levels.
        var whole = direct.Levels.Select(l => new Region(0, 0, l.Index, (int)l.Width, (int)l.Height)).ToList();
        Assert.Equal(whole.Count, AssertSameRegions(direct, reference, whole));
    }

    [Fact]
    public void SyntheticJpegSlide_ManyThreads_SamePixelsAsOpenSlide()
    {
        RequireTurboJpeg();
        var path = WriteSlide(SyntheticSlideStyle.Aperio, SyntheticJpegColorSpace.YCbCr);
        using var direct = OpenSlideSource.Open(path);
        using var reference = OpenSlideSource.Open(path, directReads: false);
        var regions = RandomRegions(direct, 64, seed: 9);
        var expected = regions.Select(r => Read(reference, r)).ToArray();

        Parallel.For(0, regions.Count * 6, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var k = i % regions.Count;
            Assert.Equal(expected[k], Read(direct, regions[k]));
        });
    }

    [Fact]
    public void CorruptTile_DirectPathDefersToOpenSlide_SameOutcome()
    {
        RequireTurboJpeg();
        var path = WriteSlide(SyntheticSlideStyle.Generic, SyntheticJpegColorSpace.YCbCr);
        TiffTiledImage level0;
        using (var file = File.OpenHandle(path))
        {
            level0 = TiffDirectoryParser.ReadTiledImages(file)[0];
        }

        // Scramble the entropy-coded data of tile (1, 1), keeping its header.
        var tile = level0.TilesAcross + 1;
        var bytes = File.ReadAllBytes(path);
        var start = level0.TileOffsets[tile] + (level0.TileByteCounts[tile] / 2);
        for (var i = 0L; i < 64; i++)
        {
            bytes[start + i] = (byte)(0xA5 ^ (i * 37));
        }

        File.WriteAllBytes(path, bytes);
        var inside = new Region(level0.TileWidth + 10, level0.TileHeight + 10, 0, 100, 100);
        var elsewhere = new Region(3 * level0.TileWidth, 0, 0, 64, 64);

        var viaDirect = Outcome(path, true, elsewhere, inside);
        var viaOpenSlide = Outcome(path, false, elsewhere, inside);

        Assert.Equal(viaOpenSlide, viaDirect);
    }

    [Fact]
    public void TiffDirectoryParser_SyntheticSlide_FindsEveryPyramidLevel()
    {
        var path = WriteSlide(SyntheticSlideStyle.Aperio, SyntheticJpegColorSpace.Rgb);
        using var file = File.OpenHandle(path);
        using var slide = OpenSlideSource.Open(path, directReads: false);

        var images = TiffDirectoryParser.ReadTiledImages(file);

        Assert.Equal(slide.Levels.Select(l => (l.Width, l.Height)), images.Select(i => (i.Width, i.Height)));
        Assert.All(images, i =>
        {
            Assert.True(i.IsJpegRgb);
            Assert.Equal(TiffTiledImage.PhotometricRgb, i.Photometric);
            Assert.Equal(256, i.TileWidth);
            Assert.NotNull(i.JpegTables);
            Assert.Equal(i.TilesAcross * i.TilesDown, i.TileOffsets.Length);
        });
    }

    [Fact]
    public void CorruptDirectories_ParserOnlyRejectsAndReadsStayOpenSlides()
    {
        // Random damage to the directory entries and to the rest of the file: the parser either reads or
        // throws InvalidDataException, never anything else, and a slide OpenSlide still opens reads the
        // same with and without the direct path.
        RequireTurboJpeg();
        var original = File.ReadAllBytes(WriteSlide(SyntheticSlideStyle.Generic, SyntheticJpegColorSpace.YCbCr));
        var directories = ClassicTiffDirectorySpans(original);
        Assert.Equal(3, directories.Count);
        var random = new Random(17);
        var dir = TestAssets.NewTempDir();
        var rejected = 0;
        var compared = 0;
        for (var round = 0; round < 40; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = 0; k < 1 + (round % 8); k++)
            {
                var (start, length) = directories[random.Next(directories.Count)];
                var at = random.Next(3) == 0 ? random.Next(bytes.Length) : start + random.Next(length);
                bytes[at] = (byte)random.Next(256);
            }

            var path = Path.Combine(dir, $"damaged-{round}.tiff");
            File.WriteAllBytes(path, bytes);
            using (var file = File.OpenHandle(path))
            {
                try
                {
                    TiffDirectoryParser.ReadTiledImages(file);
                }
                catch (InvalidDataException)
                {
                    rejected++;
                }
            }

            OpenSlideSource direct, reference;
            try
            {
                reference = OpenSlideSource.Open(path, directReads: false);
            }
            catch (SlideException)
            {
                continue;
            }

            using (reference)
            using (direct = OpenSlideSource.Open(path))
            {
                foreach (var r in RandomRegions(reference, 6, seed: round))
                {
                    Assert.Equal(Outcome(reference, r), Outcome(direct, r));
                }

                compared++;
            }
        }

        Assert.True(rejected > 0, "no damaged file was rejected: the damage missed the directories");
        Assert.True(compared >= 10, $"only {compared} damaged files still opened");
    }

    [Fact]
    public void TiffDirectoryParser_NotATiff_Throws()
    {
        var path = Path.Combine(TestAssets.NewTempDir(), "notes.svs");
        File.WriteAllText(path, "not a slide at all");
        using var file = File.OpenHandle(path);

        Assert.Throws<InvalidDataException>(() => TiffDirectoryParser.ReadTiledImages(file));
    }

    private static void RequireTurboJpeg()
    {
        if (!DirectJpegReader.LibraryAvailable)
        {
            // In CI the test script installs libturbojpeg0, so a missing library there is a failure.
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "libturbojpeg0 is not installed (tools/install-deps.sh installs it).");
            Assert.Skip("libturbojpeg0 is not installed: apt-get install -y libturbojpeg0");
        }
    }

    private static string WriteSlide(SyntheticSlideStyle style, SyntheticJpegColorSpace colorSpace)
    {
        var path = Path.Combine(TestAssets.NewTempDir(), style == SyntheticSlideStyle.Aperio ? "direct.svs" : "direct.tiff");
        var spec = SyntheticSlides.TissueWithHoles(2100, 1700, MicronsPerPixel.Isotropic(0.5), style) with
        {
            Compression = SyntheticCompression.Jpeg,
            JpegColorSpace = colorSpace,
            Downsamples = [1, 4, 8],
            Seed = 3,
        };
        SyntheticSlideWriter.Write(path, spec);
        return path;
    }

    /// <summary>Regions of every level: most at whole-pixel positions of their level, some straddling edges or outside, some at fractional positions.</summary>
    private static List<Region> RandomRegions(OpenSlideSource slide, int count, int seed)
    {
        var random = new Random(seed);
        var regions = new List<Region>();
        for (var i = 0; i < count; i++)
        {
            var level = slide.Levels[random.Next(slide.Levels.Count)];
            var width = random.Next(1, (int)Math.Min(300, level.Width) + 1);
            var height = random.Next(1, (int)Math.Min(300, level.Height) + 1);
            long left, top;
            if (random.Next(4) == 0)
            {
                left = random.Next(-40, (int)level.Width + 40);
                top = random.Next(-40, (int)level.Height + 40);
            }
            else
            {
                left = random.Next(0, (int)(level.Width - width) + 1);
                top = random.Next(0, (int)(level.Height - height) + 1);
            }

            var x = (long)Math.Round(left * level.Downsample);
            var y = (long)Math.Round(top * level.Downsample);
            if (random.Next(6) == 0)
            {
                x += random.Next(1, 4);
            }

            regions.Add(new Region(x, y, level.Index, width, height));
        }

        return regions;
    }

    /// <summary>Asserts byte equality for each region; returns how many the direct path served.</summary>
    private static int AssertSameRegions(OpenSlideSource direct, OpenSlideSource reference, IReadOnlyList<Region> regions)
    {
        var before = direct.DirectRegionReads;
        foreach (var r in regions)
        {
            var expected = Read(reference, r);
            var actual = Read(direct, r);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{direct.Path}: region {r} differs from OpenSlide");
        }

        return (int)(direct.DirectRegionReads - before);
    }

    private static byte[] Read(OpenSlideSource slide, Region r)
    {
        var buffer = new byte[r.Width * r.Height * 3];
        slide.ReadRegion(r.X, r.Y, r.Level, r.Width, r.Height, buffer);
        return buffer;
    }

    /// <summary>Where each directory of a little-endian classic TIFF lies: (offset, bytes of count + entries + next).</summary>
    private static List<(int Start, int Length)> ClassicTiffDirectorySpans(byte[] tiff)
    {
        var spans = new List<(int, int)>();
        var ifd = (int)BitConverter.ToUInt32(tiff, 4);
        while (ifd != 0)
        {
            var length = 2 + (12 * BitConverter.ToUInt16(tiff, ifd)) + 4;
            spans.Add((ifd, length));
            ifd = (int)BitConverter.ToUInt32(tiff, ifd + length - 4);
        }

        return spans;
    }

    /// <summary>A region's bytes as hex, or the error type (OpenSlide's error state is sticky, so later reads fail alike).</summary>
    private static string Outcome(OpenSlideSource slide, Region r)
    {
        try
        {
            return Convert.ToHexString(Read(slide, r));
        }
        catch (SlideException e)
        {
            return e.GetType().Name;
        }
    }

    /// <summary>What reading the regions in order gives: each region's bytes as hex, or the error type and message.</summary>
    private static List<string> Outcome(string path, bool directReads, params Region[] regions)
    {
        using var slide = OpenSlideSource.Open(path, directReads);
        var outcome = new List<string>();
        foreach (var r in regions)
        {
            try
            {
                outcome.Add(Convert.ToHexString(Read(slide, r)));
            }
            catch (SlideReadException e)
            {
                outcome.Add($"{e.GetType().Name}: {e.Message}");
            }
        }

        return outcome;
    }
}
