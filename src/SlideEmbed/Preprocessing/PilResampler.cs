using System.Runtime.Intrinsics;
using SlideEmbed.Imaging;

namespace SlideEmbed.Preprocessing;

/// <summary>
/// Resizes interleaved 8-bit RGB images with the same arithmetic as Pillow's <c>Image.resize</c>
/// (torchvision's <c>Resize</c> on a PIL image): two separable passes, horizontal first into an
/// 8-bit intermediate holding only the rows the vertical pass needs, each with 22-bit fixed-point
/// weights and rounding, so results equal Pillow's bit for bit. Thread-safe; the caller supplies the
/// intermediate buffer so no call allocates.
/// </summary>
/// <remarks>
/// Both passes run on 128- or 256-bit vectors where the CPU has them, with Pillow's int32
/// multiply-adds lane by lane. Sums of int32 products wrap identically whatever their order, so the
/// vector passes give the same bytes as the scalar loops on every input.
/// </remarks>
public static partial class PilResampler
{
    /// <summary>Bytes of intermediate buffer <see cref="Resize(ReadOnlySpan{byte}, int, int, Span{byte}, int, int, Interpolation, Span{byte})"/> needs for these sizes.</summary>
    /// <param name="inWidth">Source width.</param>
    /// <param name="inHeight">Source height.</param>
    /// <param name="outWidth">Target width.</param>
    /// <param name="outHeight">Target height.</param>
    /// <param name="filter">Filter.</param>
    /// <returns>Required length of the scratch span.</returns>
    public static int ScratchBytes(int inWidth, int inHeight, int outWidth, int outHeight, Interpolation filter)
    {
        if (filter == Interpolation.Nearest)
        {
            return 0;
        }

        var v = ResampleKernel.Get(inHeight, outHeight, filter);
        var rows = v.Starts[outHeight - 1] + v.Counts[outHeight - 1] - v.Starts[0];
        return outWidth * 3 * Math.Max(rows, 1);
    }

    /// <summary>Resizes <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <param name="source">RGB pixels, stride <c>inWidth * 3</c>.</param>
    /// <param name="inWidth">Source width.</param>
    /// <param name="inHeight">Source height.</param>
    /// <param name="destination">RGB pixels, stride <c>outWidth * 3</c>.</param>
    /// <param name="outWidth">Target width.</param>
    /// <param name="outHeight">Target height.</param>
    /// <param name="filter">Filter.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes.</param>
    public static void Resize(ReadOnlySpan<byte> source, int inWidth, int inHeight, Span<byte> destination, int outWidth, int outHeight, Interpolation filter, Span<byte> scratch) =>
        Resize(source, inWidth, inHeight, destination, outWidth, outHeight, filter, scratch, PixelSimd.Auto);

    /// <summary>As <see cref="Resize(ReadOnlySpan{byte}, int, int, Span{byte}, int, int, Interpolation, Span{byte})"/> with a chosen implementation.</summary>
    /// <param name="source">RGB pixels, stride <c>inWidth * 3</c>.</param>
    /// <param name="inWidth">Source width.</param>
    /// <param name="inHeight">Source height.</param>
    /// <param name="destination">RGB pixels, stride <c>outWidth * 3</c>.</param>
    /// <param name="outWidth">Target width.</param>
    /// <param name="outHeight">Target height.</param>
    /// <param name="filter">Filter.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes.</param>
    /// <param name="simd">Implementation of the convolution passes; must be supported by this CPU.</param>
    internal static void Resize(ReadOnlySpan<byte> source, int inWidth, int inHeight, Span<byte> destination, int outWidth, int outHeight, Interpolation filter, Span<byte> scratch, PixelSimd simd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        if (source.Length < inWidth * inHeight * 3 || destination.Length < outWidth * outHeight * 3)
        {
            throw new ArgumentException("A pixel buffer is smaller than its dimensions.");
        }

        var path = PixelSimdSupport.Resolve(simd);

        if (inWidth == outWidth && inHeight == outHeight)
        {
            // Pillow returns a copy when the size is unchanged.
            source[..(inWidth * inHeight * 3)].CopyTo(destination);
            return;
        }

        if (filter == Interpolation.Nearest)
        {
            Nearest(source, inWidth, inHeight, destination, outWidth, outHeight);
            return;
        }

        var needHorizontal = inWidth != outWidth;
        var needVertical = inHeight != outHeight;
        var h = ResampleKernel.Get(inWidth, outWidth, filter);
        if (!needVertical)
        {
            Horizontal(source, inWidth, 0, inHeight, destination, h, path);
            return;
        }

        var v = ResampleKernel.Get(inHeight, outHeight, filter);
        if (!needHorizontal)
        {
            Vertical(source, inWidth, 0, destination, outHeight, v, path);
            return;
        }

        var first = v.Starts[0];
        var last = v.Starts[outHeight - 1] + v.Counts[outHeight - 1];
        var rows = last - first;
        var temp = scratch[..(outWidth * 3 * rows)];
        Horizontal(source, inWidth, first, rows, temp, h, path);
        Vertical(temp, outWidth, first, destination, outHeight, v, path);
    }

    // Source rows firstRow .. firstRow + rows - 1, resampled along x into rows 0 .. rows - 1 of dst.
    private static void Horizontal(ReadOnlySpan<byte> src, int inWidth, int firstRow, int rows, Span<byte> dst, ResampleKernel k, PixelSimd path)
    {
        switch (path)
        {
            case PixelSimd.Avx2:
                HorizontalAvx2(src, inWidth, firstRow, rows, dst, k);
                break;
            case PixelSimd.Vector128:
                HorizontalVector128(src, inWidth, firstRow, rows, dst, k);
                break;
            default:
                HorizontalScalar(src, inWidth, firstRow, rows, dst, k);
                break;
        }
    }

    // `rowOffset` is subtracted from the kernel's row indices (the intermediate starts at that row).
    private static void Vertical(ReadOnlySpan<byte> src, int width, int rowOffset, Span<byte> dst, int outHeight, ResampleKernel k, PixelSimd path)
    {
        // The vector passes cover a row with whole vectors, the last one overlapping its neighbour.
        var stride = width * 3;
        if (path == PixelSimd.Avx2 && stride >= Vector256<byte>.Count)
        {
            VerticalVectors<Avx2Chunk>(src, width, rowOffset, dst, outHeight, k);
        }
        else if (path != PixelSimd.Scalar && stride >= Vector128<byte>.Count)
        {
            VerticalVectors<Vector128Chunk>(src, width, rowOffset, dst, outHeight, k);
        }
        else
        {
            VerticalScalar(src, width, rowOffset, dst, outHeight, k);
        }
    }

    private static void HorizontalScalar(ReadOnlySpan<byte> src, int inWidth, int firstRow, int rows, Span<byte> dst, ResampleKernel k)
    {
        var inStride = inWidth * 3;
        var outStride = k.OutSize * 3;
        for (var y = 0; y < rows; y++)
        {
            var srow = src.Slice((firstRow + y) * inStride, inStride);
            var drow = dst.Slice(y * outStride, outStride);
            for (var xx = 0; xx < k.OutSize; xx++)
            {
                HorizontalPixel(srow, drow, xx, k);
            }
        }
    }

    // One output pixel of the horizontal pass, Pillow's loop as it is.
    private static void HorizontalPixel(ReadOnlySpan<byte> srow, Span<byte> drow, int xx, ResampleKernel k)
    {
        const int half = 1 << (ResampleKernel.PrecisionBits - 1);
        int s0 = half, s1 = half, s2 = half;
        var start = k.Starts[xx] * 3;
        var w = k.Weights.AsSpan(xx * k.Size, k.Counts[xx]);
        for (var x = 0; x < w.Length; x++)
        {
            var p = start + (x * 3);
            s0 += srow[p] * w[x];
            s1 += srow[p + 1] * w[x];
            s2 += srow[p + 2] * w[x];
        }

        drow[xx * 3] = Clip8(s0);
        drow[(xx * 3) + 1] = Clip8(s1);
        drow[(xx * 3) + 2] = Clip8(s2);
    }

    // Taps outer, pixels inner: every source row is read sequentially into a row of accumulators.
    private static void VerticalScalar(ReadOnlySpan<byte> src, int width, int rowOffset, Span<byte> dst, int outHeight, ResampleKernel k)
    {
        const int half = 1 << (ResampleKernel.PrecisionBits - 1);
        var stride = width * 3;
        var rented = stride > 2048 ? System.Buffers.ArrayPool<int>.Shared.Rent(stride) : null;
        var acc = rented is null ? stackalloc int[stride] : rented.AsSpan(0, stride);
        try
        {
            for (var yy = 0; yy < outHeight; yy++)
            {
                var start = k.Starts[yy] - rowOffset;
                var w = k.Weights.AsSpan(yy * k.Size, k.Counts[yy]);
                acc.Fill(half);
                for (var y = 0; y < w.Length; y++)
                {
                    var weight = w[y];
                    var row = src.Slice((start + y) * stride, stride);
                    for (var i = 0; i < stride; i++)
                    {
                        acc[i] += row[i] * weight;
                    }
                }

                var drow = dst.Slice(yy * stride, stride);
                for (var i = 0; i < stride; i++)
                {
                    drow[i] = Clip8(acc[i]);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private static void Nearest(ReadOnlySpan<byte> src, int inWidth, int inHeight, Span<byte> dst, int outWidth, int outHeight)
    {
        var ax = (double)inWidth / outWidth;
        var ay = (double)inHeight / outHeight;
        for (var y = 0; y < outHeight; y++)
        {
            var sy = Math.Min(inHeight - 1, (int)((y + 0.5) * ay));
            for (var x = 0; x < outWidth; x++)
            {
                var sx = Math.Min(inWidth - 1, (int)((x + 0.5) * ax));
                var s = ((sy * inWidth) + sx) * 3;
                var d = ((y * outWidth) + x) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
    }

    private static byte Clip8(int value)
    {
        var v = value >> ResampleKernel.PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }
}
