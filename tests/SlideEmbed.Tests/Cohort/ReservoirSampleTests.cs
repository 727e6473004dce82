using SlideEmbed.Cohort;

namespace SlideEmbed.Tests.Cohort;

public sealed class ReservoirSampleTests
{
    [Fact]
    public void Offer_FewerRowsThanCapacity_KeepsThemAllInOrder()
    {
        var sample = new ReservoirSample(10, 2, seed: 0);
        for (var i = 0; i < 4; i++)
        {
            sample.Offer([i, -i]);
        }

        Assert.Equal([0f, 0, 1, -1, 2, -2, 3, -3], sample.Rows.ToArray());
    }

    [Fact]
    public void Offer_ManySeeds_EveryRowEquallyLikely()
    {
        // 50 rows into a sample of 10: each row is kept with probability 1/5.
        const int Trials = 4000;
        var kept = new int[50];
        for (var seed = 0; seed < Trials; seed++)
        {
            var sample = new ReservoirSample(10, 1, seed);
            for (var i = 0; i < 50; i++)
            {
                sample.Offer([i]);
            }

            foreach (var v in sample.Rows)
            {
                kept[(int)v]++;
            }
        }

        // Binomial(4000, 0.2): mean 800, sd about 25; six sd either side.
        Assert.All(kept, c => Assert.InRange(c, 650, 950));
    }

    [Fact]
    public void Offer_SameSeed_SameSample()
    {
        float[] Draw(int seed)
        {
            var sample = new ReservoirSample(5, 1, seed);
            for (var i = 0; i < 100; i++)
            {
                sample.Offer([i]);
            }

            return sample.ToArray();
        }

        Assert.Equal(Draw(3), Draw(3));
        Assert.NotEqual(Draw(3), Draw(4));
    }
}
