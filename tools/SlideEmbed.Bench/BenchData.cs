using System.Diagnostics;
using System.Globalization;
using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;

namespace SlideEmbed.Bench;

/// <summary>
/// The benchmark's cache folder (default <c>bench-data/</c> at the repository root, git-ignored) and
/// the synthetic slides in it, written once.
/// </summary>
internal sealed class BenchData
{
    /// <summary>Level-0 width of the small slide: a quarter of the gigapixel slide's per side.</summary>
    public const long SmallWidth = SyntheticSlides.GigapixelWidth / 4;

    /// <summary>Level-0 height of the small slide.</summary>
    public const long SmallHeight = SyntheticSlides.GigapixelHeight / 4;

    // The gigapixel slide's pyramid; the small slide gets the same downsamples so both have their
    // coarsest level at the same resolution (16 um/px) and differ only in size.
    private static readonly int[] s_downsamples = [1, 4, 16, 64];

    public BenchData(string folder)
    {
        Folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Gigapixel => Path.Combine(Folder, "gigapixel.svs");

    public string Small => Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"small-{SmallWidth}x{SmallHeight}.svs"));

    /// <summary>
    /// A slide of the gigapixel slide's physical size (10 x 7.5 mm) scanned at 1 um/px: 16x fewer level-0
    /// pixels but the same 16 um/px coarsest level, so the same detection image.
    /// </summary>
    public string SameArea => Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"same-area-{SmallWidth}x{SmallHeight}-1mpp.svs"));

    public string ScratchFolder => Path.Combine(Folder, "scratch");

    /// <summary>The folder from <c>--data</c>, else <c>bench-data</c> beside <c>SlideEmbed.sln</c> above the working directory.</summary>
    public static BenchData From(BenchArgs args)
    {
        if (args.String("data") is { } given)
        {
            return new BenchData(given);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SlideEmbed.sln")))
            {
                return new BenchData(Path.Combine(dir.FullName, "bench-data"));
            }
        }

        return new BenchData("bench-data");
    }

    /// <summary>The repository root (where SlideEmbed.sln is), for tools/ scripts and manifests/.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SlideEmbed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the SlideEmbed repository (no SlideEmbed.sln found above the working directory).");
    }

    /// <summary>Writes the slides that are missing; returns what it did.</summary>
    public IReadOnlyList<string> EnsureSlides()
    {
        var done = new List<string>();
        if (!File.Exists(Gigapixel))
        {
            done.Add(Write(Gigapixel, SyntheticSlides.Gigapixel()));
        }

        if (!File.Exists(Small))
        {
            var spec = SyntheticSlides.TissueWithHoles(SmallWidth, SmallHeight, MicronsPerPixel.Isotropic(0.25), SyntheticSlideStyle.Aperio) with
            {
                IncludeThumbnail = true,
                IncludeLabel = true,
                IncludeMacro = true,
                Downsamples = s_downsamples,
            };
            done.Add(Write(Small, spec));
        }

        if (!File.Exists(SameArea))
        {
            var spec = SyntheticSlides.TissueWithHoles(SmallWidth, SmallHeight, MicronsPerPixel.Isotropic(1.0), SyntheticSlideStyle.Aperio) with
            {
                IncludeThumbnail = true,
                IncludeLabel = true,
                IncludeMacro = true,
                Downsamples = s_downsamples[..^1],
            };
            done.Add(Write(SameArea, spec));
        }

        return done;
    }

    /// <summary>Throws with the command to run when a slide is missing.</summary>
    public static string Require(string path) => File.Exists(path)
        ? path
        : throw new FileNotFoundException($"'{path}' is missing; create it with: dotnet run -c Release --project tools/SlideEmbed.Bench -- make-slides (or run tools/bench.sh).");

    private static string Write(string path, SyntheticSlideSpec spec)
    {
        var clock = Stopwatch.StartNew();
        var info = SyntheticSlideWriter.Write(path, spec);
        var levels = string.Join(", ", info.Levels.Select(l => $"{l.Width}x{l.Height}"));
        return string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({spec.Width} x {spec.Height}, levels {levels}) in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
