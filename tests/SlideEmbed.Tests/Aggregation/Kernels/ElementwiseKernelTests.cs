using System.Runtime.Intrinsics;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Tests.Aggregation.Kernels;

public sealed class ElementwiseKernelTests
{
    // GELU(x) = x/2 (1 + erf(x / sqrt 2)) from Python's math.erf / math.erfc in float64.
    public static TheoryData<double, double> GeluReference() => new()
    {
        { -10.0, -7.619853024160593e-23 }, { -6.0, -5.919525870226207e-09 }, { -4.0, -0.00012668496733247986 },
        { -3.1, -0.0029995699609769045 }, { -2.0, -0.04550026389635844 }, { -1.5, -0.10021080190328713 },
        { -1.0, -0.15865525393145707 }, { -0.7, -0.16937455655615113 }, { -0.3, -0.1146265733433142 },
        { -0.001, -0.000499601057786089 }, { -1e-07, -4.9999996010577195e-08 }, { 0.0, 0.0 },
        { 1e-07, 5.00000039894228e-08 }, { 0.001, 0.000500398942213911 }, { 0.3, 0.18537342665668577 },
        { 0.7, 0.5306254434438489 }, { 1.0, 0.8413447460685429 }, { 1.5, 1.399789198096713 },
        { 2.0, 1.9544997361036416 }, { 3.1, 3.097000430039023 }, { 4.0, 3.9998733150326675 },
        { 6.0, 5.999999994080474 }, { 10.0, 10.0 },
    };

    [Theory]
    [MemberData(nameof(GeluReference))]
    public void Gelu_ScalarAndVector_MatchErfReference(double x, double expected)
    {
        var values = Enumerable.Repeat((float)x, 11).ToArray();
        Gelu.Apply(values);
        var scalar = Gelu.Apply((float)x);

        // The input itself is rounded to float32 first; compare against the float64 GELU of that input.
        var tolerance = (3e-6 * Math.Abs(expected)) + 1e-12 + (1.1 * Math.Abs((float)x - x));
        Assert.All(values, v => Assert.True(Math.Abs(v - expected) <= tolerance, $"GELU({x}) = {v}, expected {expected}"));
        Assert.True(Math.Abs(scalar - expected) <= tolerance, $"scalar GELU({x}) = {scalar}");
    }

    [Fact]
    public void Erfc_FullRange_RelativeErrorBelow12e8()
    {
        // Reference erfc from Python's math.erfc.
        var reference = new (double X, double Erfc)[] { (0, 1), (0.5, 0.4795001221869535), (1, 0.15729920705028513), (2, 0.004677734981047266), (4, 1.541725790028002e-08), (8, 1.1224297172982927e-29) };
        foreach (var (x, erfc) in reference)
        {
            Assert.True(Math.Abs(Gelu.Erfc(x) - erfc) <= 1.2e-7 * erfc, $"erfc({x}) = {Gelu.Erfc(x)}, expected {erfc}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(33)]
    [InlineData(768)]
    [InlineData(3072)]
    public void LayerNorm_RandomRow_MatchesFloat64(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 8) - 3)).ToArray();
        var w = Enumerable.Range(0, n).Select(_ => (float)(1 + (random.NextDouble() * 0.2))).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 0.2)).ToArray();
        var y = new float[n];

        LayerNorm.Apply(x, y, w, b, 1e-5f);

        var mean = x.Average(v => (double)v);
        var variance = x.Average(v => ((double)v - mean) * ((double)v - mean));
        for (var i = 0; i < n; i++)
        {
            var expected = (((x[i] - mean) / Math.Sqrt(variance + 1e-5)) * w[i]) + b[i];
            Assert.True(Math.Abs(y[i] - expected) <= 2e-6, $"y[{i}] = {y[i]}, expected {expected} (n {n})");
        }

        LayerNorm.Apply(x, x, w, b, 1e-5f);
        Assert.Equal(y, x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(128)]
    public void ExpShiftedSum_RandomValues_MatchFloat64(int n)
    {
        var random = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 20) - 15)).ToArray();
        var original = x.ToArray();
        var shift = VectorMath.Max(x);

        var sum = VectorMath.ExpShiftedSum(x, shift);

        Assert.Equal(original.Max(), shift);
        var expectedSum = 0.0;
        for (var i = 0; i < n; i++)
        {
            var e = Math.Exp(original[i] - shift);
            expectedSum += e;
            Assert.True(Math.Abs(x[i] - e) <= 2e-7 * e + 1e-30, $"exp[{i}]");
        }

        Assert.True(Math.Abs(sum - expectedSum) <= 1e-6 * expectedSum);
    }

    [Fact]
    public void ExpNonPositive_BothWidths_RelativeErrorBelow2e7AndZeroBelowTheFloatRange()
    {
        for (var x = -87.3f; x <= 0; x += 0.00731f)
        {
            var expected = Math.Exp(x);
            var wide = VectorMath.ExpNonPositive(Vector512.Create(x)).GetElement(5);
            var narrow = VectorMath.ExpNonPositive(Vector256.Create(x)).GetElement(3);
            Assert.True(Math.Abs(wide - expected) <= 2e-7 * expected, $"exp({x}) = {wide}, expected {expected}");
            Assert.True(Math.Abs(narrow - expected) <= 2e-7 * expected, $"exp({x}) = {narrow}, expected {expected}");
        }

        Assert.Equal(1f, VectorMath.ExpNonPositive(Vector256<float>.Zero).GetElement(0));
        Assert.Equal(0f, VectorMath.ExpNonPositive(Vector512.Create(-100f)).GetElement(0));
        Assert.Equal(0f, VectorMath.ExpNonPositive(Vector256.Create(float.NegativeInfinity)).GetElement(0));
    }
}

