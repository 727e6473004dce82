using SlideEmbed.Imaging;
using SlideEmbed.Preprocessing;

namespace SlideEmbed.Tests.Preprocessing;

/// <summary>
/// The vector resize passes against the scalar ones (Pillow's loops, which the golden tests pin), byte
/// for byte, on seeded random images whose sizes sit around the vector widths.
/// </summary>
public sealed class PilResamplerSimdTests
{
    private static readonly (int InWidth, int InHeight, int OutWidth, int OutHeight)[] s_sizes =
    [
        (1, 1, 1, 1), (1, 1, 3, 2), (2, 1, 1, 1), (1, 7, 1, 2), (7, 1, 3, 1), (3, 3, 1, 1), (5, 5, 4, 4),
        (6, 4, 11, 4), (4, 6, 4, 17), (11, 6, 5, 6), (6, 11, 6, 5), (16, 16, 15, 15), (17, 9, 33, 20),
        (31, 33, 33, 31), (37, 29, 10, 11), (64, 48, 21, 16), (100, 3, 224, 7), (3, 100, 7, 224),
        (257, 257, 224, 224), (300, 200, 97, 131), (512, 512, 224, 224), (512, 341, 224, 149), (223, 225, 224, 224),
    ];

    public static TheoryData<string, Interpolation, int, int, int, int> Cases()
    {
        var data = new TheoryData<string, Interpolation, int, int, int, int>();
        foreach (var simd in new[] { nameof(PixelSimd.Vector128), nameof(PixelSimd.Avx2) })
        {
            foreach (var filter in Enum.GetValues<Interpolation>())
            {
                foreach (var (iw, ih, ow, oh) in s_sizes)
                {
                    data.Add(simd, filter, iw, ih, ow, oh);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resize_RandomImage_VectorEqualsScalar(string implementation, Interpolation filter, int inWidth, int inHeight, int outWidth, int outHeight)
    {
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        var random = new Random(HashCode.Combine(filter, inWidth, inHeight, outWidth, outHeight) & 0x7FFFFFFF);
        var source = new byte[inWidth * inHeight * 3];
        random.NextBytes(source);

        var expected = Run(source, inWidth, inHeight, outWidth, outHeight, filter, PixelSimd.Scalar);
        var actual = Run(source, inWidth, inHeight, outWidth, outHeight, filter, simd);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(nameof(PixelSimd.Vector128), Interpolation.Bicubic)]
    [InlineData(nameof(PixelSimd.Avx2), Interpolation.Bicubic)]
    [InlineData(nameof(PixelSimd.Vector128), Interpolation.Bilinear)]
    [InlineData(nameof(PixelSimd.Avx2), Interpolation.Bilinear)]
    public void Resize_HardEdges_ClampsAsScalar(string implementation, Interpolation filter)
    {
        // Black and white blocks: bicubic's negative lobes push the sums next to every edge below 0 and
        // above 255 in both passes, so the clamping of the vector passes is exercised.
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        const int size = 61;
        var source = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var on = ((x / 8) + (y / 7)) % 2 == 0;
                source.AsSpan(((y * size) + x) * 3, 3).Fill(on ? (byte)255 : (byte)0);
            }
        }

        foreach (var (ow, oh) in new[] { (47, 53), (122, 90), (20, 20) })
        {
            var expected = Run(source, size, size, ow, oh, filter, PixelSimd.Scalar);
            Assert.Contains((byte)0, expected);
            Assert.Contains((byte)255, expected);
            Assert.Equal(expected, Run(source, size, size, ow, oh, filter, simd));
        }
    }

    [Fact]
    public void Resize_Auto_EqualsScalar()
    {
        var random = new Random(7);
        var source = new byte[512 * 512 * 3];
        random.NextBytes(source);

        Assert.Equal(
            Run(source, 512, 512, 224, 224, Interpolation.Bilinear, PixelSimd.Scalar),
            Run(source, 512, 512, 224, 224, Interpolation.Bilinear, PixelSimd.Auto));
    }

    // Resizes into a destination with a guard band after it and checks the band is untouched.
    private static byte[] Run(byte[] source, int inWidth, int inHeight, int outWidth, int outHeight, Interpolation filter, PixelSimd simd)
    {
        const int guard = 64;
        var destination = new byte[(outWidth * outHeight * 3) + guard];
        destination.AsSpan(outWidth * outHeight * 3).Fill(0xA5);
        var scratch = new byte[PilResampler.ScratchBytes(inWidth, inHeight, outWidth, outHeight, filter) + guard];
        PilResampler.Resize(source, inWidth, inHeight, destination, outWidth, outHeight, filter, scratch, simd);
        Assert.All(destination[(outWidth * outHeight * 3)..], b => Assert.Equal(0xA5, b));
        return destination[..(outWidth * outHeight * 3)];
    }
}
