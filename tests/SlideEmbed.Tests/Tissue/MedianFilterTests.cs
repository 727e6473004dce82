using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class MedianFilterTests
{
    [Theory]
    [InlineData(3, 256, 1)]
    [InlineData(5, 256, 2)]
    [InlineData(7, 256, 3)]
    [InlineData(11, 256, 4)]
    [InlineData(7, 3, 5)]
    [InlineData(11, 2, 6)]
    public void Apply_RandomImage_EqualsBruteForce(int kernelSize, int levels, int seed)
    {
        // 37 x 23 with k = 11 puts most pixels within reach of a replicated border.
        var image = RandomImage(37, 23, levels, seed);
        var expected = BruteForceMedian(image, kernelSize);
        var actual = MedianFilter.Apply(image, kernelSize);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Theory]
    [InlineData(1, 1, 7)]
    [InlineData(1, 9, 5)]
    [InlineData(9, 1, 5)]
    [InlineData(2, 3, 11)]
    public void Apply_ImageSmallerThanKernel_EqualsBruteForce(int width, int height, int kernelSize)
    {
        var image = RandomImage(width, height, 256, width + (10 * height));
        Assert.Equal(BruteForceMedian(image, kernelSize).Data, MedianFilter.Apply(image, kernelSize).Data);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(11)]
    public void ApplyAndThreshold_RandomImage_EqualsMedianThenThreshold(int kernelSize)
    {
        var image = RandomImage(41, 29, 40, kernelSize);
        var median = MedianFilter.Apply(image, kernelSize);
        foreach (var threshold in new byte[] { 0, 8, 19, 20, 39, 255 })
        {
            Assert.Equal(median.ToMask(threshold).Data, MedianFilter.ApplyAndThreshold(image, kernelSize, threshold).Data);
        }
    }

    [Fact]
    public void Apply_KernelOne_Copies()
    {
        var image = RandomImage(5, 4, 256, 9);
        Assert.Equal(image.Data, MedianFilter.Apply(image, 1).Data);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(257)]
    public void Apply_BadKernel_Throws(int kernelSize)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MedianFilter.Apply(new GrayImage(3, 3), kernelSize));
    }

    private static GrayImage RandomImage(int width, int height, int levels, int seed)
    {
        var random = new Random(seed);
        var image = new GrayImage(width, height);
        for (var i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (byte)(random.Next(levels) * (255 / Math.Max(1, levels - 1)));
        }

        return image;
    }

    private static GrayImage BruteForceMedian(GrayImage image, int k)
    {
        var r = k / 2;
        var result = new GrayImage(image.Width, image.Height);
        var window = new byte[k * k];
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var n = 0;
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                    {
                        window[n++] = image[Math.Clamp(x + dx, 0, image.Width - 1), Math.Clamp(y + dy, 0, image.Height - 1)];
                    }
                }

                Array.Sort(window);
                result[x, y] = window[(k * k) / 2];
            }
        }

        return result;
    }
}
