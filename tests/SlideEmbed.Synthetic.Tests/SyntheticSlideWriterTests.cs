using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Synthetic.Tests;

/// <summary>Behaviour of the writer itself: determinism, atomicity, cancellation, progress, BigTIFF.</summary>
public sealed class SyntheticSlideWriterTests : IDisposable
{
    private readonly string _folder = TestAssets.NewTempDir();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Write_DifferentThreadCounts_IdenticalBytes()
    {
        var spec = SmallSpec();

        SyntheticSlideWriter.Write(Path.Combine(_folder, "one.tiff"), spec with { MaxDegreeOfParallelism = 1 });
        SyntheticSlideWriter.Write(Path.Combine(_folder, "four.tiff"), spec with { MaxDegreeOfParallelism = 4 });

        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "one.tiff")), File.ReadAllBytes(Path.Combine(_folder, "four.tiff")));
    }

    [Fact]
    public void Write_ExistingFile_ReplacedAndNoTemporaryFilesLeft()
    {
        var path = Path.Combine(_folder, "slide.tiff");
        File.WriteAllText(path, "not a slide");

        var info = SyntheticSlideWriter.Write(path, SmallSpec());

        Assert.Equal(Path.GetFullPath(path), info.Path);
        Assert.Equal(new FileInfo(path).Length, info.FileSizeBytes);
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal((byte)'I', File.ReadAllBytes(path)[0]); // little-endian TIFF header "II"
    }

    [Fact]
    public void Write_CancelledMidway_ThrowsAndLeavesNothing()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p > 0)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            SyntheticSlideWriter.Write(Path.Combine(_folder, "cancelled.tiff"), SmallSpec(), progress, cts.Token));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Write_Progress_IncreasesToOne()
    {
        var reports = new List<double>();

        SyntheticSlideWriter.Write(Path.Combine(_folder, "progress.tiff"), SmallSpec(), new SyncProgress(reports.Add));

        Assert.NotEmpty(reports);
        Assert.Equal(1, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Write_InvalidSpec_ThrowsBeforeCreatingAFile()
    {
        var spec = SmallSpec() with { IncludeMacro = true };

        Assert.Throws<ArgumentException>(() => SyntheticSlideWriter.Write(Path.Combine(_folder, "bad.tiff"), spec));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Write_SmallSlide_ClassicTiffByDefault()
    {
        var info = SyntheticSlideWriter.Write(Path.Combine(_folder, "classic.tiff"), SmallSpec());

        Assert.False(info.BigTiff);
        Assert.Equal(42, BitConverter.ToUInt16(File.ReadAllBytes(info.Path), 2));
    }

    [Fact]
    public void Write_BigTiff_OpenSlideReadsSamePixels()
    {
        var spec = SmallSpec() with { BigTiff = true, Compression = SyntheticCompression.Deflate, Style = SyntheticSlideStyle.Aperio };

        var info = SyntheticSlideWriter.Write(Path.Combine(_folder, "big.svs"), spec);

        Assert.True(info.BigTiff);
        Assert.Equal(43, BitConverter.ToUInt16(File.ReadAllBytes(info.Path), 2));
        using var slide = SlideReader.Open(info.Path);
        Assert.Equal("aperio", slide.Vendor);
        var actual = SlideReader.ReadLevel(slide, 0);
        var expected = new byte[actual.Length];
        spec.CreateScene().RenderRegion(0, 0, 640, 480, 1, expected);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Write_BlankSlide_AllBackground()
    {
        var spec = new SyntheticSlideSpec(300, 200, MicronsPerPixel.Isotropic(1)) { Compression = SyntheticCompression.Deflate, Background = new RgbColor(250, 240, 245) };

        var info = SyntheticSlideWriter.Write(Path.Combine(_folder, "blank.tiff"), spec);

        using var slide = SlideReader.Open(info.Path);
        var pixels = SlideReader.ReadLevel(slide, 0);
        for (var o = 0; o < pixels.Length; o += 3)
        {
            Assert.Equal(new RgbColor(250, 240, 245), new RgbColor(pixels[o], pixels[o + 1], pixels[o + 2]));
        }
    }

    private static SyntheticSlideSpec SmallSpec() =>
        SyntheticSlides.TissueWithHoles(640, 480, MicronsPerPixel.Isotropic(0.5)) with { TileSize = 64, Downsamples = [1, 4] };

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>, which posts).</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
