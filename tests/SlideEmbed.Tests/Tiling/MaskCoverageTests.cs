using SlideEmbed.Tiling;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Tiling;

public sealed class MaskCoverageTests
{
    [Fact]
    public void Fraction_RandomRectangles_EqualsBruteForceOverlapSum()
    {
        var random = new Random(42);
        var mask = new BinaryMask(37, 23);
        for (var i = 0; i < mask.Data.Length; i++)
        {
            mask.Data[i] = (byte)(random.NextDouble() < 0.4 ? 1 : 0);
        }

        var coverage = new MaskCoverage(mask);
        for (var k = 0; k < 500; k++)
        {
            var x0 = (random.NextDouble() * 45) - 4;
            var y0 = (random.NextDouble() * 30) - 4;
            var x1 = x0 + (random.NextDouble() * 12) + 0.01;
            var y1 = y0 + (random.NextDouble() * 12) + 0.01;
            if (k % 5 == 0)
            {
                (x0, x1) = (Math.Floor(x0), Math.Floor(x1) + 1);
            }

            double expected = 0;
            for (var y = 0; y < mask.Height; y++)
            {
                for (var x = 0; x < mask.Width; x++)
                {
                    var ox = Math.Max(0, Math.Min(x + 1, x1) - Math.Max(x, x0));
                    var oy = Math.Max(0, Math.Min(y + 1, y1) - Math.Max(y, y0));
                    expected += mask[x, y] ? ox * oy : 0;
                }
            }

            Assert.Equal(expected / ((x1 - x0) * (y1 - y0)), coverage.Fraction(x0, y0, x1, y1), 9);
        }
    }
}
