using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Synthetic;
using SlideEmbed.Synthetic.Shapes;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Tests;

/// <summary>How a detector did on a synthetic slide, judged against the scene's exact ground truth.</summary>
/// <param name="IoU">Intersection over union of the detected mask and the ground-truth mask (every shape, specks included) at the detection resolution.</param>
/// <param name="Regions">Detected regions.</param>
/// <param name="HoleRings">Hole rings over all detected regions.</param>
/// <param name="HolesFound">Ground-truth holes whose centre is background in the mask and inside exactly one detected hole ring (level-0 regions).</param>
/// <param name="HolesExpected">Ground-truth holes.</param>
/// <param name="WorstHoleAreaError">Largest relative difference between a found hole ring's area and the true hole's area (0 when none was found).</param>
/// <param name="SpecksKept">Specks whose centre is tissue in the mask or inside a detected outer ring.</param>
/// <param name="Specks">Specks in the scene.</param>
internal sealed record TissueScore(double IoU, int Regions, int HoleRings, int HolesFound, int HolesExpected, double WorstHoleAreaError, int SpecksKept, int Specks);

/// <summary>
/// Ground truth of the slides of <see cref="SyntheticSlides.TissueWithHoles"/>: its first
/// <see cref="SyntheticSlides.RegionCount"/> shapes are tissue regions with holes, the rest specks.
/// </summary>
internal static class TilesGroundTruth
{
    /// <summary>Runs detection and tiling on a slide file through OpenSlide, as the CLI does.</summary>
    public static SlideTilingResult Run(string path, string method, TilingOptions? tiling = null, MppOverrides? overrides = null)
    {
        using var slide = new OpenSlideOpener().Open(path);
        var resolution = ResolutionResolver.Resolve(path, slide.Properties, overrides);
        return SlideTiler.Run(slide, resolution, TissueDetectorFactory.Create(method), tiling ?? new TilingOptions());
    }

    /// <summary>The scene's tissue mask sampled like the detection image (pixel centres at <see cref="LowResolutionImage.Downsample"/>).</summary>
    public static byte[] TruthMask(SyntheticSlideSpec spec, LowResolutionImage low) =>
        spec.CreateScene().RenderTissueMask(low.Image.Width, low.Image.Height, low.Downsample);

    /// <summary>The holes of the tissue regions, level-0 pixels.</summary>
    public static IReadOnlyList<Contour> Holes(SyntheticSlideSpec spec) =>
        spec.Shapes.Take(SyntheticSlides.RegionCount).SelectMany(s => s.Holes).ToList();

    /// <summary>The specks (shapes after the regions).</summary>
    public static IReadOnlyList<TissueShape> Specks(SyntheticSlideSpec spec) => spec.Shapes.Skip(SyntheticSlides.RegionCount).ToList();

    /// <summary>Centre of a contour's bounding box (inside every hole and speck these slides use).</summary>
    public static (double X, double Y) Center(Contour contour) =>
        ((contour.Bounds.MinX + contour.Bounds.MaxX) / 2, (contour.Bounds.MinY + contour.Bounds.MaxY) / 2);

    /// <summary>Intersection over union of two 0/1 masks of the same size (1 when both are empty).</summary>
    public static double IoU(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long both = 0, either = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i] != 0;
            var y = b[i] != 0;
            both += x && y ? 1 : 0;
            either += x || y ? 1 : 0;
        }

        return either == 0 ? 1 : (double)both / either;
    }

    /// <summary>Scores a result against the spec the slide was written from.</summary>
    public static TissueScore Score(SyntheticSlideSpec spec, SlideTilingResult result)
    {
        var low = result.LowResolution;
        var mask = result.Detection.Mask;
        var iou = IoU(mask.Data, TruthMask(spec, low));
        var regions = result.Level0Regions;

        var holes = Holes(spec);
        var found = 0;
        var worst = 0.0;
        foreach (var hole in holes)
        {
            var (x, y) = Center(hole);
            var rings = regions.SelectMany(r => r.Holes).Where(h => h.Contains(x, y)).ToList();
            if (!IsTissue(mask, low.Downsample, x, y) && rings.Count == 1)
            {
                found++;
                worst = Math.Max(worst, Math.Abs(rings[0].Area - hole.Area) / hole.Area);
            }
        }

        var specksKept = Specks(spec)
            .Select(s => Center(s.Outer))
            .Count(c => IsTissue(mask, low.Downsample, c.X, c.Y) || regions.Any(r => r.Outer.Contains(c.X, c.Y)));
        return new TissueScore(iou, regions.Count, regions.Sum(r => r.Holes.Count), found, holes.Count, worst, specksKept, Specks(spec).Count);
    }

    private static bool IsTissue(BinaryMask mask, double downsample, double x0, double y0)
    {
        var i = (int)Math.Floor(x0 / downsample);
        var j = (int)Math.Floor(y0 / downsample);
        return (uint)i < (uint)mask.Width && (uint)j < (uint)mask.Height && mask[i, j];
    }
}
