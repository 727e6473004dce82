using System.Globalization;
using System.Text;
using SlideEmbed.Geometry;
using SlideEmbed.OpenSlide;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Bench;

/// <summary>
/// The tiles the read and embed benchmarks use: the default tissue grid of the gigapixel slide at
/// 0.5 mpp with a 256 px read size (ViT-B/16-shaped: read 256, resize 224, crop 224), thinned to
/// <c>n</c> tiles spread evenly over the grid so every part of the tissue is sampled.
/// </summary>
internal static class TileSelection
{
    public static TileGrid Select(string slidePath, int n, int readSizeAtTarget = 256, double targetMpp = 0.5)
    {
        using var slide = OpenSlideSource.Open(slidePath);
        var resolution = ResolutionResolver.Resolve(slidePath, slide.Properties);
        var detector = TissueDetectorFactory.Create(TissueDetectorFactory.DefaultName);
        using var tiled = SlideTiler.Run(slide, resolution, detector, new TilingOptions { TargetMpp = MicronsPerPixel.Isotropic(targetMpp), EdgeAtTargetPx = readSizeAtTarget });
        var all = tiled.Grid.Tiles;
        if (all.Count < n)
        {
            throw new InvalidOperationException($"The slide has {all.Count} tissue tiles; fewer than the {n} asked for.");
        }

        var picked = Enumerable.Range(0, n)
            .Select(i => all[(int)((long)i * all.Count / n)])
            .Select((t, i) => t with { Index = i })
            .ToList();
        return tiled.Grid with { Tiles = picked };
    }

    /// <summary>Writes <c>x,y,level,size</c> lines (level-0 x, y) for tools/bench_python_reader.py.</summary>
    public static void WriteCsv(string path, TileGrid grid, IEnumerable<Tile> tiles)
    {
        var text = new StringBuilder("x,y,level,size\n");
        foreach (var t in tiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.X},{t.Y},{grid.ReadLevel},{grid.EdgeAtReadLevelPx}\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString());
    }
}
