using Apache.Arrow;
using Apache.Arrow.Ipc;
using SlideEmbed.Pipeline;
using SlideEmbed.TestSupport;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Acceptance of tissue detection and tiling on synthetic slides with exact ground truth, written
/// with <see cref="Synthetic.SyntheticSlideWriter"/> (JPEG, Aperio and generic TIFF) and read back
/// through OpenSlide, by <see cref="SlideTiler"/> and by <c>slideembed tiles</c>. The sizes and the
/// physical area of every hole and speck against each preset's thresholds are in
/// <see cref="TilesSyntheticSlides"/>.
/// </summary>
public sealed class TilesAcceptanceTests(TilesSyntheticSlides slides) : IClassFixture<TilesSyntheticSlides>
{
    /// <summary>Lowest accepted IoU of the detected mask with the ground truth at the detection resolution.</summary>
    private const double MinIoU = 0.95;

    /// <summary>
    /// Largest accepted relative error of a detected hole's area: the median filter and closing move
    /// a boundary by about a pixel (6-8 um here) and a hole's radius is 270-540 um.
    /// </summary>
    private const double MaxHoleAreaError = 0.15;

    /// <summary>Every method expected to pass on these slides (see <see cref="TilesSyntheticSlides"/> for why not <c>otsu</c>), and the default.</summary>
    public static TheoryData<string, string> StylesAndMethods()
    {
        var data = new TheoryData<string, string>();
        var methods = new[] { "clam:tcga", "clam:bwh_biopsy", "clam:bwh_resection", "clam-otsu:tcga", TissueDetectorFactory.DefaultName }.Distinct();
        foreach (var style in new[] { "aperio", "generic" })
        {
            foreach (var method in methods)
            {
                data.Add(style, method);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StylesAndMethods))]
    public void SlideTiler_SyntheticSlideWithHolesAndSpecks_MaskMatchesTruthHolesKeptSpecksDropped(string style, string method)
    {
        var (path, spec) = slides.Get(style);

        using var result = TilesGroundTruth.Run(path, method);
        var score = TilesGroundTruth.Score(spec, result);

        Assert.True(score.IoU >= MinIoU, $"IoU {score.IoU:F4} with the ground truth ({score})");
        Assert.Equal(Synthetic.SyntheticSlides.RegionCount, score.Regions);
        Assert.Equal(score.HolesExpected, score.HoleRings);
        Assert.Equal(score.HolesExpected, score.HolesFound);
        Assert.True(score.WorstHoleAreaError <= MaxHoleAreaError, $"a hole's area is off by {score.WorstHoleAreaError:P1} ({score})");
        Assert.Equal(0, score.SpecksKept);
        Assert.True(result.Grid.Tiles.Count > 0);
    }

    [Theory]
    [InlineData("aperio")]
    [InlineData("generic")]
    public void Tiles_SyntheticSlideDefaultMethod_MaskPngMatchesTruthAndTableHoldsTissueTiles(string style)
    {
        var (path, spec) = slides.Get(style);
        using var dir = new TempFolder();
        var (code, output, error) = CliRunner.Run("tiles", path, "--out", dir);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains($"by {TissueDetectorFactory.DefaultName}", output, StringComparison.Ordinal);
        var id = Path.GetFileNameWithoutExtension(path);
        using var reference = TilesGroundTruth.Run(path, TissueDetectorFactory.DefaultName);
        var (width, height, png) = TilesPng.ReadGray(Path.Combine(dir, id + ".mask.png"));
        Assert.Equal((reference.LowResolution.Image.Width, reference.LowResolution.Image.Height), (width, height));
        var mask = png.Select(v => v > 127 ? (byte)1 : (byte)0).ToArray();
        Assert.Equal(reference.Detection.Mask.Data, mask);
        var iou = TilesGroundTruth.IoU(mask, TilesGroundTruth.TruthMask(spec, reference.LowResolution));
        Assert.True(iou >= MinIoU, $"IoU {iou:F4}");

        var tiles = ReadTiles(Path.Combine(dir, id + ".tiles.arrow"));
        Assert.Equal(reference.Grid.Tiles.Count, tiles.Count);
        Assert.NotEmpty(tiles);
        Assert.All(tiles, t => Assert.True(t.Fraction >= 0.25f, $"tile ({t.X}, {t.Y}) has tissue fraction {t.Fraction}"));
    }

    [Fact]
    public void Tiles_SyntheticSlideWithHoles_GeoJsonIsValidRfc7946AndRoundTripsToTheMask()
    {
        using var dir = new TempFolder();
        var (code, _, error) = CliRunner.Run("tiles", slides.AperioPath, "--out", dir);
        Assert.True(code == ExitCodes.Success, error);
        var id = Path.GetFileNameWithoutExtension(slides.AperioPath);

        var regions = TilesGeoJson.ReadAndValidate(Path.Combine(dir, id + ".tissue.geojson"));

        using var reference = TilesGroundTruth.Run(slides.AperioPath, TissueDetectorFactory.DefaultName);
        var expected = reference.Level0Regions;
        Assert.Equal(expected.Count, regions.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected[r].Holes.Count, regions[r].Holes.Count);
            Assert.Equal(expected[r].Outer.Area, regions[r].Outer.Area);
            Assert.Equal(expected[r].Holes.Select(h => h.Area), regions[r].Holes.Select(h => h.Area));
        }

        Assert.Equal(TilesGroundTruth.Holes(slides.AperioSpec).Count, regions.Sum(r => r.Holes.Count));
        var downsample = reference.LowResolution.Downsample;
        var (width, height, png) = TilesPng.ReadGray(Path.Combine(dir, id + ".mask.png"));
        Assert.Equal(png.LongCount(v => v != 0), regions.Sum(r => r.NetArea) / (downsample * downsample));
        var rasterised = TilesGeoJson.Rasterise(regions, width, height, downsample);
        Assert.Equal(png.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray(), rasterised);
    }

    [Fact]
    public void Tiles_SlideWithoutTissue_EmptyTableExitZeroAndWarning()
    {
        using var dir = new TempFolder();
        var (code, output, error) = CliRunner.Run("tiles", slides.BlankPath, "--out", dir);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("0 tiles", output, StringComparison.Ordinal);
        Assert.Contains("warning: no tissue found", error, StringComparison.Ordinal);
        var id = Path.GetFileNameWithoutExtension(slides.BlankPath);
        Assert.Empty(ReadTiles(Path.Combine(dir, id + ".tiles.arrow")));
        Assert.Empty(TilesGeoJson.ReadAndValidate(Path.Combine(dir, id + ".tissue.geojson")));
        Assert.All(TilesPng.ReadGray(Path.Combine(dir, id + ".mask.png")).Pixels, v => Assert.Equal(0, v));
    }

    internal static List<(long X, long Y, float Fraction)> ReadTiles(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var rows = new List<(long, long, float)>();
        Assert.NotNull(reader.Schema.GetFieldByName("tissue_fraction"));
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                var xs = (Int64Array)batch.Column("x");
                var ys = (Int64Array)batch.Column("y");
                var fractions = (FloatArray)batch.Column("tissue_fraction");
                for (var i = 0; i < batch.Length; i++)
                {
                    rows.Add((xs.GetValue(i)!.Value, ys.GetValue(i)!.Value, fractions.GetValue(i)!.Value));
                }
            }
        }

        return rows;
    }
}
