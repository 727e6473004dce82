using System.Text.Json;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

public sealed class InspectCommandTests
{
    [Fact]
    public void Inspect_GoodSlide_PrintsVendorLevelsMppObjectiveAssociatedAndSize()
    {
        var path = TestAssets.SharedSlide("CMU-1-Small-Region.svs");

        var (code, output, error) = CliRunner.Run("inspect", path);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("aperio", output, StringComparison.Ordinal);
        Assert.Contains("0.499 um/px", output, StringComparison.Ordinal);
        Assert.Contains("20x", output, StringComparison.Ordinal);
        Assert.Contains("label 387x463, macro 1280x431, thumbnail 574x768", output, StringComparison.Ordinal);
        Assert.Contains("1938955 bytes", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+0\s+2220\s+2967\s+1\s+0\.499\n", output);
    }

    [Fact]
    public void Inspect_Json_GivesLevelsMppAndErrorsPerSlide()
    {
        var good = TestAssets.SharedSlide("boxes.tiff");
        var bad = TestAssets.SharedSlide("bad/unopenable.tiff");

        var (code, output, error) = CliRunner.Run("inspect", "--json", "--slide-mpp", "0.5", good, bad);

        Assert.Equal(ExitCodes.PartialFailure, code);
        Assert.Contains("Unsupported TIFF compression: 52479", error, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(output);
        var slides = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, slides.Count);
        Assert.True(slides[0].GetProperty("opened").GetBoolean());
        Assert.Equal("generic-tiff", slides[0].GetProperty("vendor").GetString());
        Assert.Equal(4, slides[0].GetProperty("levels").GetArrayLength());
        Assert.Equal(0.5, slides[0].GetProperty("mpp").GetProperty("x").GetDouble());
        Assert.Equal("Override", slides[0].GetProperty("mpp").GetProperty("source").GetString());
        Assert.Equal(1.0, slides[0].GetProperty("levels")[1].GetProperty("mppX").GetDouble());
        Assert.False(slides[1].GetProperty("opened").GetBoolean());
        Assert.Equal("unopenable", slides[1].GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(bad, slides[1].GetProperty("path").GetString());
    }

    [Fact]
    public void Inspect_OnlyBadSlides_ExitsFailureWithReasons()
    {
        var broken = TestAssets.SharedSlide("bad/broken.svs");
        var dicom = TestAssets.SharedSlide("unsupported/small_dicom.dcm");

        var (code, output, error) = CliRunner.Run("inspect", broken, dicom);

        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("CANNOT OPEN (unsupported-format)", output, StringComparison.Ordinal);
        Assert.Contains(broken, error, StringComparison.Ordinal);
        Assert.Contains(dicom, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_SlideWithoutMpp_SaysWhichOverrideToUse()
    {
        var path = TestAssets.SharedSlide("TCGA-CR-7395-01A-01-TS1.svs");

        var (code, output, _) = CliRunner.Run("inspect", path);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("mpp         unknown", output, StringComparison.Ordinal);
        Assert.Contains("--slide-mpp-csv", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NoArguments_IsUsageError()
    {
        var (code, _, error) = CliRunner.Run("inspect");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("slideembed --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsInspect()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("inspect", output, StringComparison.Ordinal);
    }
}
