using SlideEmbed.Cohort;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Cohort;

public sealed class PcaTests
{
    [Fact]
    public void Fit_DataAlongKnownAxes_FindsTheAxesAndVariances()
    {
        // Rows = offset + a e1 + b e2 + c e3 + small noise, with e_i orthonormal and var a > var b > var c.
        const int D = 40;
        const int N = 3000;
        var random = new Random(1);
        var axes = Orthonormal(random, 3, D);
        var sd = new[] { 6.0, 3.0, 1.5 };
        var rows = new float[N * D];
        for (var i = 0; i < N; i++)
        {
            var coefficients = sd.Select(s => GaussianBlobs.Normal(random) * s).ToArray();
            for (var j = 0; j < D; j++)
            {
                var v = 2.0 + (GaussianBlobs.Normal(random) * 0.05);
                for (var c = 0; c < 3; c++)
                {
                    v += coefficients[c] * axes[c][j];
                }

                rows[(i * D) + j] = (float)v;
            }
        }

        var model = Pca.Fit(rows, D, 3);

        for (var c = 0; c < 3; c++)
        {
            var dot = Enumerable.Range(0, D).Sum(j => model.Component(c)[j] * axes[c][j]);
            Assert.True(Math.Abs(dot) > 0.999, $"component {c}: |cos| = {Math.Abs(dot)}");
            Assert.InRange(model.Variances[c] / (sd[c] * sd[c]), 0.9, 1.1);
            var component = model.Component(c).ToArray();
            var largest = component.MaxBy(Math.Abs);
            Assert.True(largest > 0, "the largest loading is positive by convention");
        }
    }

    [Fact]
    public void Project_NaNRow_GivesNaNScores()
    {
        float[] rows = [0, 0, 1, 1, 2, 2.1f, float.NaN, 0];
        var model = Pca.Fit(rows, 2, 1);

        var scores = model.Project(rows);

        Assert.True(float.IsNaN(scores[3]));
        Assert.True(scores[2] > scores[1] && scores[1] > scores[0]);
    }

    private static double[][] Orthonormal(Random random, int count, int dimension)
    {
        var axes = new double[count][];
        for (var c = 0; c < count; c++)
        {
            var v = Enumerable.Range(0, dimension).Select(_ => GaussianBlobs.Normal(random)).ToArray();
            for (var p = 0; p < c; p++)
            {
                var dot = v.Zip(axes[p], (a, b) => a * b).Sum();
                for (var j = 0; j < dimension; j++)
                {
                    v[j] -= dot * axes[p][j];
                }
            }

            var norm = Math.Sqrt(v.Sum(x => x * x));
            axes[c] = [.. v.Select(x => x / norm)];
        }

        return axes;
    }
}
