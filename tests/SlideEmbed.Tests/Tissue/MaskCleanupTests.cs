using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class MaskCleanupTests
{
    [Theory]
    [InlineData(3, 1)]
    [InlineData(5, 2)]
    [InlineData(12, 3)]
    public void RemoveObjectsSmallerThan_RandomMask_EqualsBruteForce(int minPixels, int seed)
    {
        var mask = MaskReference.Random(50, 40, 0.45, seed);
        var (labels, count) = MaskReference.Label(mask, foreground: true, eightConnected: true);
        var sizes = new int[count];
        foreach (var l in labels.Where(l => l >= 0))
        {
            sizes[l]++;
        }

        var expected = labels.Select(l => l >= 0 && sizes[l] >= minPixels ? (byte)1 : (byte)0).ToArray();
        var removed = MaskCleanup.RemoveObjectsSmallerThan(mask, minPixels);
        Assert.Equal(expected, mask.Data);
        Assert.Equal(sizes.Count(s => s < minPixels), removed);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(30, 3)]
    public void FillHolesSmallerThan_RandomMask_EqualsBruteForce(int maxPixels, int seed)
    {
        var mask = MaskReference.Random(50, 40, 0.6, seed);
        var (labels, count) = MaskReference.Label(mask, foreground: false, eightConnected: false);
        var border = MaskReference.BorderLabels(labels, 50, 40);
        var sizes = new int[count];
        foreach (var l in labels.Where(l => l >= 0))
        {
            sizes[l]++;
        }

        var expected = mask.Data.Select((v, i) =>
            v != 0 || (!border.Contains(labels[i]) && sizes[labels[i]] < maxPixels) ? (byte)1 : (byte)0).ToArray();
        MaskCleanup.FillHolesSmallerThan(mask, maxPixels);
        Assert.Equal(expected, mask.Data);
    }

    [Fact]
    public void FillHolesSmallerThan_BackgroundTouchingBorder_IsNotAHole()
    {
        var mask = MaskReference.Parse("#.#", "#.#", "###");
        MaskCleanup.FillHolesSmallerThan(mask, 100);
        Assert.False(mask[1, 0]);
        Assert.False(mask[1, 1]);
    }
}
