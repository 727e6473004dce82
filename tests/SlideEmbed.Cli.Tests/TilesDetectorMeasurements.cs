using System.Diagnostics;
using System.Globalization;
using System.Text;
using SlideEmbed.Geometry;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Synthetic;
using SlideEmbed.TestSupport;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// The measurements behind the default tissue detector (docs/TISSUE.md): every method of
/// <see cref="TissueDetectorFactory.Names"/> on synthetic slides of several sizes and resolutions
/// (IoU with the exact ground truth, holes found, specks kept) and on the shared real slides (IoU with
/// the OpenCV reference for CMU-1-Small-Region), with the detection time. Slow (about a minute, it
/// writes a 1.2-gigapixel slide), so it runs only when asked:
/// <c>SLIDEEMBED_TISSUE_MEASUREMENTS=/tmp/tissue.md dotnet test tests/SlideEmbed.Cli.Tests -c Release --filter FullyQualifiedName~TilesDetectorMeasurements</c>.
/// </summary>
public sealed class TilesDetectorMeasurements
{
    private const string Switch = "SLIDEEMBED_TISSUE_MEASUREMENTS";

    /// <summary>Timed detection runs per method and slide, after one warm-up run; the median is reported.</summary>
    private const int TimingRuns = 7;

    [Fact]
    public void Measure_EveryMethodOnSyntheticAndSharedSlides_WritesTable()
    {
        var output = Environment.GetEnvironmentVariable(Switch);
        if (string.IsNullOrEmpty(output))
        {
            Assert.Skip($"Slow measurement for docs/TISSUE.md (about a minute): set {Switch}=<file.md> to run it.");
        }

        var table = new StringBuilder();
        using var dir = new TempFolder();
        (string Name, SyntheticSlideSpec Spec)[] synthetic =
        [
            ("Synthetic, Aperio, 6000 x 4500 at 2 um/px (12 x 9 mm)", SyntheticSlides.TissueWithHoles(6000, 4500, MicronsPerPixel.Isotropic(2.0), SyntheticSlideStyle.Aperio)),
            ("Synthetic, generic, 8000 x 6000 at 1.5 um/px, levels 1 and 2 (12 x 9 mm)", SyntheticSlides.TissueWithHoles(8000, 6000, MicronsPerPixel.Isotropic(1.5)) with { Downsamples = [1, 2], Seed = 3 }),
            ("Synthetic, generic, 20000 x 15000 at 0.5 um/px (10 x 7.5 mm)", SyntheticSlides.TissueWithHoles(20000, 15000, MicronsPerPixel.Isotropic(0.5))),
            ("Synthetic, Aperio, 8000 x 6000 at 0.5 um/px (4 x 3 mm)", SyntheticSlides.TissueWithHoles(8000, 6000, MicronsPerPixel.Isotropic(0.5), SyntheticSlideStyle.Aperio)),
            ("Synthetic, Aperio, 40000 x 30000 at 0.25 um/px (SyntheticSlides.Gigapixel, 10 x 7.5 mm)", SyntheticSlides.Gigapixel()),
        ];
        foreach (var (name, spec) in synthetic)
        {
            var path = SyntheticSlideWriter.Write(Path.Combine(dir, "slide" + (spec.Style == SyntheticSlideStyle.Aperio ? ".svs" : ".tiff")), spec).Path;
            Header(table, name, path, null, "IoU vs truth", "holes found", "specks kept");
            foreach (var method in TissueDetectorFactory.Names)
            {
                using var result = TilesGroundTruth.Run(path, method);
                var s = TilesGroundTruth.Score(spec, result);
                Row(table, method, $"{s.IoU:F3}", s.Regions, $"{s.HolesFound}/{s.HolesExpected}", $"{s.SpecksKept}/{s.Specks}", result.Grid.Tiles.Count, DetectMilliseconds(result, method));
            }

            File.Delete(path);
        }

        if (TestAssets.SharedDir is not null)
        {
            var cmu = TestAssets.SharedSlide("CMU-1-Small-Region.svs");
            var golden = Path.Combine(TestAssets.GoldensDir, "tiles", "cmu-reference-mask.png");
            var reference = TilesPng.ReadGray(golden).Pixels.Select(v => v != 0 ? (byte)1 : (byte)0).ToArray();
            Header(table, "CMU-1-Small-Region.svs (real, 2220 x 2967 at 0.499 um/px)", cmu, null, "IoU vs OpenCV CLAM reference", "hole rings", "tissue mm^2");
            foreach (var method in TissueDetectorFactory.Names)
            {
                using var result = TilesGroundTruth.Run(cmu, method);
                Row(table, method, $"{TilesGroundTruth.IoU(result.Detection.Mask.Data, reference):F3}", result.Detection.Regions.Count, Holes(result), Area(result), result.Grid.Tiles.Count, DetectMilliseconds(result, method));
            }

            var tcga = TestAssets.SharedSlide("TCGA-CR-7395-01A-01-TS1.svs");
            var overrides = MppOverrides.Create(0.25, null);
            Header(table, "TCGA-CR-7395-01A-01-TS1.svs (real, 4443 x 3567, --slide-mpp 0.25)", tcga, overrides, "IoU vs clam:tcga", "hole rings", "tissue mm^2");
            using var baseline = TilesGroundTruth.Run(tcga, "clam:tcga", overrides: overrides);
            foreach (var method in TissueDetectorFactory.Names)
            {
                using var result = TilesGroundTruth.Run(tcga, method, overrides: overrides);
                Row(table, method, $"{TilesGroundTruth.IoU(result.Detection.Mask.Data, baseline.Detection.Mask.Data):F3}", result.Detection.Regions.Count, Holes(result), Area(result), result.Grid.Tiles.Count, DetectMilliseconds(result, method));
            }
        }

        File.WriteAllText(output, table.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
    }

    // A heading with the detection image and the time to read it (the same for every method), then the table head.
    private static void Header(StringBuilder table, string name, string path, MppOverrides? overrides, string iou, string holes, string specks)
    {
        var watch = Stopwatch.StartNew();
        using var result = TilesGroundTruth.Run(path, "none", overrides: overrides);
        var ms = watch.Elapsed.TotalMilliseconds;
        var low = result.LowResolution;
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"**{name}**: detection image {low.Image.Width} x {low.Image.Height} at {low.Mpp.Mean:0.###} um/px (level {low.Level}, factor {low.Factor}), read and tiled in {ms:F0} ms."));
        table.AppendLine();
        table.AppendLine($"| method | {iou} | regions | {holes} | {specks} | tiles | detect ms |");
        table.AppendLine("|---|---|---|---|---|---|---|");
    }

    private static string Area(SlideTilingResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Detection.Mask.CountForeground() * result.LowResolution.Mpp.Mean * result.LowResolution.Mpp.Mean / 1e6:F2}");

    private static string Holes(SlideTilingResult result) =>
        result.Detection.Regions.Sum(r => r.Holes.Count).ToString(CultureInfo.InvariantCulture);

    private static double DetectMilliseconds(SlideTilingResult result, string method)
    {
        var detector = TissueDetectorFactory.Create(method);
        var low = result.LowResolution;
        detector.Detect(low.Image, low.Mpp);
        var times = new double[TimingRuns];
        for (var i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            detector.Detect(low.Image, low.Mpp);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static void Row(StringBuilder table, string method, string iou, int regions, string holes, string specks, int tiles, double ms)
    {
        table.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {method} | {iou} | {regions} | {holes} | {specks} | {tiles} | {ms:F1} |"));
        if (method == TissueDetectorFactory.Names[^1])
        {
            table.AppendLine();
        }
    }
}
