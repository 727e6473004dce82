using Xunit;

namespace SlideEmbed.TestSupport;

/// <summary>
/// The one catalog of test assets: the repository's committed goldens and the real slides in
/// <c>../shared/slides</c> (found beside the repository, or at <c>$SLIDEEMBED_SHARED</c>).
/// Tests that need a shared slide call <see cref="SharedSlide"/>, which skips the test with a stated
/// reason when the folder is absent.
/// </summary>
public static class TestAssets
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding <c>SlideEmbed.sln</c>).</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>Committed golden files: <c>tests/goldens</c>.</summary>
    public static string GoldensDir => Path.Combine(RepoRoot, "tests", "goldens");

    /// <summary>The shared fixtures folder, or null when it is absent.</summary>
    public static string? SharedDir
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("SLIDEEMBED_SHARED");
            var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(Path.Combine(dir, "slides")) ? dir : null;
        }
    }

    /// <summary>Slides OpenSlide opens (top folder of shared/slides).</summary>
    public static readonly string[] OpenableSlides = ["CMU-1-Small-Region.svs", "TCGA-CR-7395-01A-01-TS1.svs", "small.svs", "boxes.tiff"];

    /// <summary>Broken slides (shared/slides/bad).</summary>
    public static readonly string[] BadSlides = ["bad/broken.svs", "bad/unopenable.tiff", "bad/unreadable.svs"];

    /// <summary>Valid files OpenSlide 3.4 does not recognise (shared/slides/unsupported).</summary>
    public static readonly string[] UnsupportedSlides =
    [
        "unsupported/OS-1-detail.ome.tif",
        "unsupported/boxes-bigendian.tiff",
        "unsupported/boxes-dicom/boxes_0.dcm",
        "unsupported/boxes-dicom/boxes_1.dcm",
        "unsupported/small_dicom.dcm",
        "unsupported/small_vectra.qptiff",
    ];

    /// <summary>Full path of a shared slide, skipping the calling test when ../shared is absent.</summary>
    /// <param name="relative">Path under <c>shared/slides</c>, e.g. <c>small.svs</c> or <c>bad/broken.svs</c>.</param>
    /// <returns>The full path.</returns>
    public static string SharedSlide(string relative)
    {
        var shared = SharedDir;
        if (shared is null)
        {
            Assert.Skip($"Shared slide fixtures are absent (looked for ../shared/slides beside {RepoRoot} and $SLIDEEMBED_SHARED); '{relative}' is needed.");
        }

        var path = Path.Combine(shared, "slides", relative);
        Assert.True(File.Exists(path), $"Shared fixture {path} is listed in TestAssets but missing.");
        return path;
    }

    /// <summary>The expected properties of a shared slide as recorded by openslide-show-properties, or null for files that do not open.</summary>
    /// <param name="relative">Path under <c>shared/slides</c>.</param>
    /// <returns>Property name to value.</returns>
    public static IReadOnlyDictionary<string, string>? ExpectedProperties(string relative)
    {
        SharedSlide(relative);
        var file = Path.Combine(SharedDir!, "slides", "properties", relative.Replace('/', '_') + ".txt");
        return ShowPropertiesFile.Parse(File.ReadAllText(file));
    }

    /// <summary>A fresh, empty temporary folder for one test; the caller deletes it.</summary>
    /// <returns>Its full path.</returns>
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "slideembed-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SlideEmbed.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SlideEmbed.sln above {AppContext.BaseDirectory}.");
    }
}
