using SlideEmbed.Cli;
using SlideEmbed.Configuration;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

public sealed class WatchCommandTests
{
    [Fact]
    public void Help_ListsWatchAndEmbeddingSettings()
    {
        var (code, output, _) = Run("watch", "--help");

        Assert.Equal(0, code);
        foreach (var key in OptionTable.For(OptionScope.Watch).Select(s => s.Key).Concat(["model", "out", "tissue", "config"]))
        {
            Assert.Contains("--" + key, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("--recursive", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_NoDropFolder_UsageErrorNamingIt()
    {
        var (code, _, error) = Run("watch", "--out", "/tmp/o", "--model", "tiny-cls");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("drop folder is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_MissingDropFolder_UsageError()
    {
        using var dir = new TempFolder();
        var (code, _, error) = Run("watch", "--drop", Path.Combine(dir, "nope"), "--out", Path.Combine(dir, "out"), "--model", WorkerTestBed.ModelManifest);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SlideEmbedCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
