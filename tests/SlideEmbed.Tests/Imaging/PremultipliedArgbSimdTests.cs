using SlideEmbed.Imaging;

namespace SlideEmbed.Tests.Imaging;

/// <summary>The vector ARGB to RGB conversion against the scalar rule, on lengths around the vector widths.</summary>
public sealed class PremultipliedArgbSimdTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var simd in new[] { nameof(PixelSimd.Vector128), nameof(PixelSimd.Avx2) })
        {
            foreach (var n in new[] { 0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 33, 100, 1021, 512 * 512 })
            {
                data.Add(simd, n);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToRgb_MixedRuns_VectorEqualsScalar(string implementation, int length)
    {
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        var random = new Random(length);
        var argb = new uint[length];
        var i = 0;
        while (i < length)
        {
            // Runs of one kind, so some vectors are all opaque or all transparent and some are mixed.
            var run = Math.Min(length - i, random.Next(1, 40));
            var kind = random.Next(3);
            for (var j = 0; j < run; j++, i++)
            {
                var colour = (uint)random.Next(1 << 24);
                argb[i] = kind switch
                {
                    0 => 0xFF000000u | colour,
                    1 => 0u,
                    _ => Partial(random),
                };
            }
        }

        var background = new RgbColor(240, 17, 128);
        Assert.Equal(Run(argb, background, PixelSimd.Scalar), Run(argb, background, simd));
    }

    [Theory]
    [InlineData(nameof(PixelSimd.Vector128))]
    [InlineData(nameof(PixelSimd.Avx2))]
    public void ToRgb_OpaqueAndTransparentBlocks_ConvertedExactly(string implementation)
    {
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        var argb = new uint[37];
        for (var i = 0; i < 16; i++)
        {
            argb[i] = 0xFF000000u | (uint)((i * 0x010203) + 0x0A0B0C);
        }

        var rgb = Run(argb, new RgbColor(1, 2, 3), simd);

        for (var i = 0; i < 16; i++)
        {
            var p = argb[i];
            Assert.Equal(new[] { (byte)(p >> 16), (byte)(p >> 8), (byte)p }, rgb[(i * 3)..((i * 3) + 3)]);
        }

        for (var i = 16; i < 37; i++)
        {
            Assert.Equal(new byte[] { 1, 2, 3 }, rgb[(i * 3)..((i * 3) + 3)]);
        }
    }

    // A premultiplied pixel with 0 < alpha < 255 and channels at most alpha.
    private static uint Partial(Random random)
    {
        var a = (uint)random.Next(1, 255);
        uint Channel() => (uint)random.Next(0, (int)a + 1);
        return (a << 24) | (Channel() << 16) | (Channel() << 8) | Channel();
    }

    // Converts into a destination with a guard band after it and checks the band is untouched.
    private static byte[] Run(uint[] argb, RgbColor background, PixelSimd simd)
    {
        const int guard = 40;
        var rgb = new byte[(argb.Length * 3) + guard];
        rgb.AsSpan(argb.Length * 3).Fill(0x5A);
        PremultipliedArgb.ToRgb(argb, rgb, background, simd);
        Assert.All(rgb[(argb.Length * 3)..], b => Assert.Equal(0x5A, b));
        return rgb[..(argb.Length * 3)];
    }
}
