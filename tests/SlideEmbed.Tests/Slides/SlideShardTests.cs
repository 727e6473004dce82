using SlideEmbed.Slides;

namespace SlideEmbed.Tests.Slides;

public sealed class SlideShardTests
{
    private static readonly Dictionary<string, string> s_none = [];

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("2/4", 2, 4)]
    [InlineData(" 3/4 ", 3, 4)]
    public void Resolve_Explicit_ZeroBasedShardOfCount(string text, int index, int count)
    {
        var shard = SlideShard.Resolve(text, s_none);

        Assert.Equal(new SlideShard(index, count), shard);
        Assert.Equal($"{index}-of-{count}", shard.Tag);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("1/0")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    [InlineData("0/100001")]
    public void Resolve_Malformed_FormatErrorNamingTheSetting(string text)
    {
        var e = Assert.Throws<FormatException>(() => SlideShard.Resolve(text, s_none));

        Assert.Contains("shard", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AutoInSlurmArray_TaskIdMinusMinOfCount()
    {
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "7", ["SLURM_ARRAY_TASK_MIN"] = "5", ["SLURM_ARRAY_TASK_COUNT"] = "4" };

        Assert.Equal(new SlideShard(2, 4), SlideShard.Resolve("auto", env));
    }

    [Fact]
    public void Resolve_AutoInSteppedSlurmArray_RefusedWithHint()
    {
        // --array=0-6:2 gives ids 0, 2, 4, 6 and a count of 4: id 6 is no shard of 4.
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "6", ["SLURM_ARRAY_TASK_MIN"] = "0", ["SLURM_ARRAY_TASK_COUNT"] = "4" };

        var e = Assert.Throws<FormatException>(() => SlideShard.Resolve("auto", env));

        Assert.Contains("contiguous", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AutoInKubernetesIndexedJob_IndexOfCountVariable()
    {
        var env = new Dictionary<string, string> { [SlideShard.KubernetesIndexVariable] = "5", [SlideShard.CountVariable] = "8" };

        Assert.Equal(new SlideShard(5, 8), SlideShard.Resolve("auto", env));
    }

    [Fact]
    public void Resolve_AutoInKubernetesWithoutCount_NamesTheVariable()
    {
        var env = new Dictionary<string, string> { [SlideShard.KubernetesIndexVariable] = "1" };

        var e = Assert.Throws<FormatException>(() => SlideShard.Resolve("auto", env));

        Assert.Contains(SlideShard.CountVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AutoOutsideAScheduler_AsksForKOfN()
    {
        var e = Assert.Throws<FormatException>(() => SlideShard.Resolve("auto", s_none));

        Assert.Contains("--shard K/N", e.Message, StringComparison.Ordinal);
    }
}
