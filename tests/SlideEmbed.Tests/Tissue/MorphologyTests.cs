using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class MorphologyTests
{
    [Theory]
    [InlineData(2, 0.3, 1)]
    [InlineData(3, 0.3, 2)]
    [InlineData(4, 0.5, 3)]
    [InlineData(5, 0.6, 4)]
    [InlineData(7, 0.2, 5)]
    [InlineData(4, 0.9, 6)]
    [InlineData(12, 0.1, 7)]
    [InlineData(30, 0.05, 8)]
    [InlineData(9, 0.97, 9)]
    public void DilateErodeClose_RandomMask_EqualBruteForce(int k, double density, int seed)
    {
        AssertMatchesBruteForce(MaskReference.Random(31, 27, density, seed), k);
    }

    [Theory]
    [InlineData(1, 40)]
    [InlineData(40, 1)]
    [InlineData(2, 3)]
    public void DilateErodeClose_ThinMask_EqualBruteForce(int width, int height)
    {
        foreach (var k in new[] { 2, 3, 4, 5 })
        {
            AssertMatchesBruteForce(MaskReference.Random(width, height, 0.5, width + height + k), k);
        }
    }

    private static void AssertMatchesBruteForce(BinaryMask mask, int k)
    {
        int lo = -(k / 2), hi = (k - 1) / 2;

        var dilated = BruteForce(mask, -hi, -lo, any: true);
        Assert.Equal(dilated.Data, Morphology.Dilate(mask, k).Data);
        Assert.Equal(BruteForce(mask, lo, hi, any: false).Data, Morphology.Erode(mask, k).Data);
        Assert.Equal(BruteForce(dilated, lo, hi, any: false).Data, Morphology.Close(mask, k).Data);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    public void Close_RandomMask_NeverRemovesForeground(int k)
    {
        var mask = MaskReference.Random(40, 30, 0.4, k);
        var closed = Morphology.Close(mask, k);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            Assert.True(mask.Data[i] == 0 || closed.Data[i] == 1);
        }
    }

    [Fact]
    public void Close_GapNarrowerThanKernel_IsBridged()
    {
        var mask = MaskReference.Parse(
            "..............",
            "..............",
            "..............",
            "...###..###...",
            "...###..###...",
            "...###..###...",
            "..............",
            "..............",
            "..............");
        var closed = Morphology.Close(mask, 4);
        Assert.True(closed[6, 4] && closed[7, 4]);
        Assert.False(closed[0, 0]);
        Assert.Equal(mask.CountForeground() + 6, closed.CountForeground());
        Assert.False(Morphology.Close(mask, 2)[6, 4]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Close_TrivialKernel_Copies(int k)
    {
        var mask = MaskReference.Random(9, 7, 0.5, 11);
        Assert.Equal(mask.Data, Morphology.Close(mask, k).Data);
    }

    // Window offsets [lo, hi] on both axes; pixels outside the image are ignored.
    private static BinaryMask BruteForce(BinaryMask mask, int lo, int hi, bool any)
    {
        var result = new BinaryMask(mask.Width, mask.Height);
        for (var y = 0; y < mask.Height; y++)
        {
            for (var x = 0; x < mask.Width; x++)
            {
                var value = !any;
                for (var dy = lo; dy <= hi; dy++)
                {
                    for (var dx = lo; dx <= hi; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= mask.Width || ny >= mask.Height)
                        {
                            continue;
                        }

                        value = any ? value || mask[nx, ny] : value && mask[nx, ny];
                    }
                }

                result[x, y] = value;
            }
        }

        return result;
    }
}
