using SlideEmbed.TestSupport;

[assembly: AssemblyFixture(typeof(SlideEmbed.Worker.Tests.SlideCache))]

namespace SlideEmbed.Worker.Tests;

/// <summary>The folder of synthetic slides shared by the tests of one run, deleted when the run ends.</summary>
public sealed class SlideCache : IDisposable
{
    private static readonly Lazy<string> s_dir = new(TestAssets.NewTempDir);

    /// <summary>The folder (created on first use).</summary>
    public static string Dir => s_dir.Value;

    public void Dispose()
    {
        if (s_dir.IsValueCreated && Directory.Exists(s_dir.Value))
        {
            Directory.Delete(s_dir.Value, true);
        }
    }
}
