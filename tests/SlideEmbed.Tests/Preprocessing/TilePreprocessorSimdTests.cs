using SlideEmbed.Imaging;
using SlideEmbed.Preprocessing;

namespace SlideEmbed.Tests.Preprocessing;

/// <summary>The vector normalisation (and resize) of <see cref="TilePreprocessor"/> against the scalar lookup table, bit for bit.</summary>
public sealed class TilePreprocessorSimdTests
{
    public static TheoryData<string, int, int, int?, int?, Interpolation> Cases()
    {
        var data = new TheoryData<string, int, int, int?, int?, Interpolation>();
        var shapes = new (int Width, int Height, int? Resize, int? Crop, Interpolation Filter)[]
        {
            (1, 1, null, null, Interpolation.Bilinear), (15, 3, null, null, Interpolation.Bilinear),
            (16, 2, null, null, Interpolation.Bilinear), (17, 5, null, null, Interpolation.Bilinear),
            (33, 31, null, 31, Interpolation.Bilinear), (40, 40, null, 17, Interpolation.Bilinear),
            (512, 512, 224, 224, Interpolation.Bilinear), (512, 512, 224, 224, Interpolation.Bicubic),
            (300, 257, 256, 224, Interpolation.Bicubic), (257, 257, 224, null, Interpolation.Nearest),
            (64, 64, 47, 33, Interpolation.Bilinear), (8, 9, 20, 1, Interpolation.Bicubic),
        };
        foreach (var simd in new[] { nameof(PixelSimd.Vector128), nameof(PixelSimd.Avx2) })
        {
            foreach (var (w, h, resize, crop, filter) in shapes)
            {
                data.Add(simd, w, h, resize, crop, filter);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_RandomTile_VectorEqualsScalarBitForBit(string implementation, int width, int height, int? resize, int? crop, Interpolation filter)
    {
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        var random = new Random(HashCode.Combine(width, height, resize, crop) & 0x7FFFFFFF);
        var rgb = new byte[width * height * 3];
        random.NextBytes(rgb);
        var pre = new TilePreprocessor(new TileTransform
        {
            ResizeSize = resize,
            CropSize = crop,
            Interpolation = filter,
            Mean = [random.NextSingle(), random.NextSingle(), random.NextSingle()],
            Std = [0.01f + random.NextSingle(), 0.01f + random.NextSingle(), 0.01f + random.NextSingle()],
        });
        var (ow, oh) = pre.Transform.OutputSize(width, height);

        var expected = Run(pre, rgb, width, height, ow * oh * 3, PixelSimd.Scalar);
        var actual = Run(pre, rgb, width, height, ow * oh * 3, simd);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(nameof(PixelSimd.Vector128))]
    [InlineData(nameof(PixelSimd.Avx2))]
    public void Process_EveryByteValue_EqualsTheExpressionOfEachChannel(string implementation)
    {
        var simd = Enum.Parse<PixelSimd>(implementation);
        Assert.SkipUnless(PixelSimdSupport.IsSupported(simd), $"This CPU has no {simd} pixel kernels.");
        var transform = new TileTransform(); // ImageNet statistics
        var pre = new TilePreprocessor(transform);
        // One row of 256 pixels; channel c of pixel x holds (x + 85 c) mod 256.
        var rgb = new byte[256 * 3];
        for (var x = 0; x < 256; x++)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb[(x * 3) + c] = (byte)(x + (85 * c));
            }
        }

        var actual = new float[256 * 3];
        pre.Process(rgb, 256, 1, actual, [], simd);

        for (var c = 0; c < 3; c++)
        {
            for (var x = 0; x < 256; x++)
            {
                var b = (byte)(x + (85 * c));
                var expected = ((b / 255f) - transform.Mean[c]) / transform.Std[c];
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual[(c * 256) + x]));
            }
        }
    }

    // Float bit patterns (so -0 and NaN compare exactly), with a guard band after the tensor.
    private static int[] Run(TilePreprocessor pre, byte[] rgb, int width, int height, int length, PixelSimd simd)
    {
        var destination = new float[length + 17];
        destination.AsSpan(length).Fill(-1234.5f);
        pre.Process(rgb, width, height, destination, new byte[pre.ScratchBytes(width, height)], simd);
        Assert.All(destination[length..], f => Assert.Equal(-1234.5f, f));
        return [.. destination[..length].Select(BitConverter.SingleToInt32Bits)];
    }
}
