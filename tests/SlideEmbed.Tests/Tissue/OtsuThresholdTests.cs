using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tissue;

public sealed class OtsuThresholdTests
{
    [Theory]
    [InlineData(40, 12, 180, 25, 0.7)]
    [InlineData(5, 3, 90, 30, 0.9)]
    [InlineData(100, 10, 140, 10, 0.5)]
    public void Compute_BimodalHistogram_MinimisesWithinClassVariance(double mean0, double sd0, double mean1, double sd1, double weight0)
    {
        // Gaussian mixture plus one count everywhere, so no plateau of equal scores exists.
        var histogram = new long[256];
        for (var v = 0; v < 256; v++)
        {
            histogram[v] = 1 + (long)Math.Round((1e5 * weight0 * Gauss(v, mean0, sd0)) + (1e5 * (1 - weight0) * Gauss(v, mean1, sd1)));
        }

        var expected = BruteForceWithinClass(histogram);
        Assert.Equal(expected, OtsuThreshold.Compute(histogram));
        Assert.InRange(expected, (int)mean0, (int)mean1);
    }

    [Fact]
    public void Compute_TwoSpikes_PicksTopOfLowerSpike()
    {
        var histogram = new long[256];
        histogram[50] = 1000;
        histogram[200] = 3000;
        Assert.Equal(50, OtsuThreshold.Compute(histogram));
    }

    [Fact]
    public void Compute_SingleValueOrEmpty_LeavesNothingAbove()
    {
        var histogram = new long[256];
        Assert.Equal(0, OtsuThreshold.Compute(histogram));
        histogram[77] = 10;
        Assert.Equal(77, OtsuThreshold.Compute(histogram));
    }

    [Fact]
    public void Compute_Image_UsesItsHistogram()
    {
        var image = new GrayImage(10, 10);
        for (var i = 0; i < 100; i++)
        {
            image.Data[i] = i < 30 ? (byte)20 : (byte)120;
        }

        var threshold = OtsuThreshold.Compute(image);
        Assert.Equal(20, threshold);
        Assert.Equal(70, image.ToMask(threshold).CountForeground());
    }

    private static double Gauss(double x, double mean, double sd) => Math.Exp(-0.5 * Math.Pow((x - mean) / sd, 2)) / sd;

    // Otsu's equivalent criterion: the lowest t minimising w0 * var0 + w1 * var1, each class variance
    // computed from scratch.
    private static int BruteForceWithinClass(long[] histogram)
    {
        var best = double.MaxValue;
        var bestT = -1;
        for (var t = 0; t < 255; t++)
        {
            var within = ClassScatter(histogram, 0, t) + ClassScatter(histogram, t + 1, 255);
            if (within < best - 1e-9 * best)
            {
                best = within;
                bestT = t;
            }
        }

        return bestT;
    }

    private static double ClassScatter(long[] histogram, int from, int to)
    {
        double n = 0, sum = 0;
        for (var v = from; v <= to; v++)
        {
            n += histogram[v];
            sum += v * (double)histogram[v];
        }

        var mean = sum / n;
        double scatter = 0;
        for (var v = from; v <= to; v++)
        {
            scatter += histogram[v] * (v - mean) * (v - mean);
        }

        return scatter;
    }
}
