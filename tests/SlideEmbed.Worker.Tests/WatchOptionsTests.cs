using SlideEmbed.Configuration;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

public sealed class WatchOptionsTests : IDisposable
{
    private static readonly Dictionary<string, string> s_noEnv = [];
    private readonly string _dir = TestAssets.NewTempDir();

    [Fact]
    public void Load_FileEnvironmentFlags_LaterLayersWinForBothTables()
    {
        var config = Path.Combine(_dir, "watch.json");
        File.WriteAllText(config, """
            {
              // comments are allowed
              "model": "tiny-cls", "out": "/srv/out", "drop": "/srv/drop",
              "quiet-period": 5, "min-tissue": 0.3, "finished": "marker", "max-attempts": 4,
            }
            """);
        var env = new Dictionary<string, string> { ["SLIDEEMBED_QUIET_PERIOD"] = "7", ["SLIDEEMBED_BATCH_SIZE"] = "4", ["SLIDEEMBED_SLOW_TESTS"] = "1", ["PATH"] = "/bin" };
        var flags = new Dictionary<string, string?> { ["quiet-period"] = "9.5", ["exclude-pen"] = null };

        var s = Load(config, env, flags);

        Assert.Equal(TimeSpan.FromSeconds(9.5), s.Watch.QuietPeriod);
        Assert.Equal(4, s.Embedding.BatchSize);
        Assert.Equal(0.3, s.Embedding.MinTissue);
        Assert.True(s.Embedding.ExcludePen);
        Assert.Equal(FinishedSourceAction.Marker, s.Watch.Finished);
        Assert.Equal(4, s.Watch.MaxAttempts);
        Assert.Equal("/srv/drop", s.Watch.DropFolder);
        Assert.Equal("/srv/out", s.Watch.OutputFolder);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Watch.GracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Watch.RetryDelay);
    }

    [Fact]
    public void Load_UnknownFileKey_NamesItAndTheKnownKeys()
    {
        var config = Path.Combine(_dir, "watch.json");
        File.WriteAllText(config, """{ "model": "m", "out": "/o", "drop": "/d", "quiet": 5 }""");

        var e = Assert.Throws<FormatException>(() => Load(config, s_noEnv, new Dictionary<string, string?>()));

        Assert.Contains("'quiet'", e.Message, StringComparison.Ordinal);
        Assert.Contains("quiet-period", e.Message, StringComparison.Ordinal);
        Assert.Contains("min-tissue", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownEnvironmentVariable_Rejected()
    {
        var env = new Dictionary<string, string> { ["SLIDEEMBED_QUIET"] = "5" };

        var e = Assert.Throws<FormatException>(() => Load(null, env, Flags()));

        Assert.Contains("SLIDEEMBED_QUIET", e.Message, StringComparison.Ordinal);
        Assert.Contains("SLIDEEMBED_QUIET_PERIOD", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drop", null, "drop folder is required")]
    [InlineData("quiet-period", "-1", "'quiet-period'")]
    [InlineData("rescan-interval", "0", "'rescan-interval'")]
    [InlineData("max-attempts", "0", "'max-attempts'")]
    [InlineData("finished", "delete", "'finished'")]
    [InlineData("grace-period", "soon", "'grace-period'")]
    public void Load_InvalidWatchSetting_NamesIt(string key, string? value, string expected)
    {
        var flags = Flags();
        if (value is null)
        {
            flags.Remove(key);
        }
        else
        {
            flags[key] = value;
        }

        var e = Assert.Throws<FormatException>(() => Load(null, s_noEnv, flags));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/drop", false)]
    [InlineData("/srv/drop/out", false)]
    [InlineData("/srv/drop/.out", true)]
    [InlineData("/srv/out", true)]
    public void Load_OutputInsideDropFolder_OnlyHiddenAllowed(string output, bool allowed)
    {
        var flags = Flags();
        flags["out"] = output;

        var load = () => Load(null, s_noEnv, flags).Watch;

        if (allowed)
        {
            Assert.Equal(output, load().OutputFolder);
        }
        else
        {
            Assert.Contains("must not be the drop folder", Assert.Throws<FormatException>(load).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_DeployedExampleConfiguration_Valid()
    {
        var s = Load(Path.Combine(TestAssets.RepoRoot, "deploy", "watch.example.json"), s_noEnv, new Dictionary<string, string?>());

        Assert.Equal("/srv/slides/drop", s.Watch.DropFolder);
        Assert.Equal("/srv/slides/embeddings", s.Watch.OutputFolder);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Watch.GracePeriod);
        Assert.Equal("demo-vit", s.Embedding.Model);
    }

    [Fact]
    public void WatchOptions_Defaults_AsDocumented()
    {
        var o = new WatchOptions { DropFolder = "/srv/drop" };

        Assert.Equal(TimeSpan.FromSeconds(30), o.QuietPeriod);
        Assert.Equal(3, o.MaxAttempts);
        Assert.Equal(FinishedSourceAction.Move, o.Finished);
        Assert.Equal("/srv/drop/done", o.DonePath);
        Assert.Equal("/srv/drop/failed", o.FailedPath);
        Assert.Equal("/srv/drop/.claims", o.ClaimsPath);
        Assert.Equal($"/srv/drop/.status/{WorkerIdentity.SafeHostName}.json", o.StatusPath);
    }

    /// <summary>The worker's settings as <c>watch</c> builds them: the one loader, then the worker's view.</summary>
    private static (SlideEmbedOptions Embedding, WatchOptions Watch) Load(string? config, IReadOnlyDictionary<string, string> env, IReadOnlyDictionary<string, string?> flags)
    {
        var options = OptionsLoader.Load(config, env, flags);
        return (options, WatchOptions.From(options));
    }

    private static Dictionary<string, string?> Flags() => new() { ["model"] = "m", ["out"] = "/srv/out", ["drop"] = "/srv/drop" };

    public void Dispose() => Directory.Delete(_dir, true);
}
