using SlideEmbed.Slides;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Slides;

public sealed class MppOverridesTests
{
    [Fact]
    public void Create_Csv_MatchesByPathNameAndStemAndSkipsHeader()
    {
        using var dir = new TempFolder();
        var csv = Path.Combine(dir, "mpp.csv");
        File.WriteAllLines(csv, ["slide,mpp", "a.svs,0.25", "\"sub/b, quoted.tif\",0.5", "c,1.0", "", "# comment"]);

        var o = MppOverrides.Create(null, csv);

        Assert.Equal(3, o.RowCount);
        Assert.Equal(0.25, o.Find("/anywhere/a.svs")!.Mpp.X);
        Assert.Equal(0.5, o.Find(Path.Combine(dir, "sub", "b, quoted.tif"))!.Mpp.X);
        Assert.Equal(1.0, o.Find("/x/c.ndpi")!.Mpp.X);
        Assert.Equal("mpp.csv line 2", o.Find("a.svs")!.Origin);
        Assert.Null(o.Find("/x/unknown.svs"));
    }

    [Fact]
    public void Create_CsvRowWinsOverValueForAll()
    {
        using var dir = new TempFolder();
        var csv = Path.Combine(dir, "mpp.csv");
        File.WriteAllLines(csv, ["a.svs,0.25"]);
        var o = MppOverrides.Create(0.5, csv);
        Assert.Equal(0.25, o.Find("a.svs")!.Mpp.X);
        Assert.Equal(0.5, o.Find("b.svs")!.Mpp.X);
    }

    [Fact]
    public void Create_MalformedRow_ThrowsNamingFileAndLine()
    {
        using var dir = new TempFolder();
        var csv = Path.Combine(dir, "mpp.csv");
        File.WriteAllLines(csv, ["slide,mpp", "a.svs,abc"]);
        var e = Assert.Throws<FormatException>(() => MppOverrides.Create(null, csv));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    public void Create_NonPositiveValue_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MppOverrides.Create(value, null));
    }
}
