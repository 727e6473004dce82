using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SlideEmbed.Imaging;

namespace SlideEmbed.Preprocessing;

// The vector passes. Each lane does Pillow's arithmetic for one channel: an int32 accumulator that
// starts at half a unit, gains byte * weight per tap with wrapping int32 multiplies and adds (the
// same ring as the scalar loops, so the order of the taps does not matter), and is shifted right by
// PrecisionBits and clamped to 0..255 (by min and max, or by int32 -> int16 -> uint8 saturating
// packs, which clamp the same way).
public static partial class PilResampler
{
    private const int Half = 1 << (ResampleKernel.PrecisionBits - 1);
    private const byte Zero = 0x80;

    // Horizontal pass. Per output pixel and group of 4 taps, one 16-byte load holds the taps' 12
    // bytes; each 128-bit lane widens one tap's R, G, B to int32 lanes (the fourth is 0) and
    // multiplies them by that tap's weight. Rows go in pairs, which share the weights and the
    // bookkeeping, and output pixels in pairs, finished together: lanes added, shifted, packed and
    // squeezed to 6 bytes per row. Pixels past the kernel's GroupedPrefix, whose loads would leave
    // the row, take the scalar loop.
    private static unsafe void HorizontalAvx2(ReadOnlySpan<byte> src, int inWidth, int firstRow, int rows, Span<byte> dst, ResampleKernel k)
    {
        var inStride = inWidth * 3;
        var outStride = k.OutSize * 3;
        fixed (byte* ps = src, pd = dst)
        {
            var y = 0;
            for (; y + 2 <= rows; y += 2)
            {
                HorizontalRowPairAvx2(ps + ((firstRow + y) * inStride), inStride, pd + (y * outStride), outStride, k);
            }

            if (y < rows)
            {
                // The odd last row pairs with itself: both halves read and write the same row.
                HorizontalRowPairAvx2(ps + ((firstRow + y) * inStride), 0, pd + (y * outStride), 0, k);
            }
        }
    }

    // Source rows `a` and `a + aToB` into destination rows `da` and `da + daToDb`.
    private static unsafe void HorizontalRowPairAvx2(byte* a, int aToB, byte* da, int daToDb, ResampleKernel k)
    {
        var taps01 = Vector256.Create(TapToInt32(0), TapToInt32(1));
        var taps23 = Vector256.Create(TapToInt32(2), TapToInt32(3));
        var half = Vector256.Create(Half);
        var weightStride = k.PaddedSize * ResampleKernel.Spread;
        var prefix = k.GroupedPrefix;
        var groupBytes = k.MaxGroups * 12;
        var outStride = k.OutSize * 3;
        var db = da + daToDb;
        var xx = 0;
        fixed (int* starts = k.Starts, weights = k.SpreadWeights)
        {
            for (; xx < prefix; xx += 2)
            {
                // An odd last pixel of the prefix is computed twice, as both pixels of its pair.
                var x1 = Math.Min(xx + 1, prefix - 1);
                var pa0 = a + (starts[xx] * 3);
                var pa1 = a + (starts[x1] * 3);
                var w0 = weights + (xx * weightStride);
                var w1 = weights + (x1 * weightStride);
                var a0 = Vector256<int>.Zero;
                var a1 = Vector256<int>.Zero;
                var b0 = Vector256<int>.Zero;
                var b1 = Vector256<int>.Zero;
                for (var end = pa0 + groupBytes; pa0 < end; pa0 += 12, pa1 += 12, w0 += 16, w1 += 16)
                {
                    // Pixel 0 in a0 (row a) and b0 (row b), pixel 1 in a1 and b1.
                    var bytesA0 = Avx2.BroadcastVector128ToVector256(pa0);
                    var bytesB0 = Avx2.BroadcastVector128ToVector256(pa0 + aToB);
                    var bytesA1 = Avx2.BroadcastVector128ToVector256(pa1);
                    var bytesB1 = Avx2.BroadcastVector128ToVector256(pa1 + aToB);
                    var w = Avx.LoadVector256(w0);
                    a0 += Avx2.MultiplyLow(Avx2.Shuffle(bytesA0, taps01).AsInt32(), w);
                    b0 += Avx2.MultiplyLow(Avx2.Shuffle(bytesB0, taps01).AsInt32(), w);
                    w = Avx.LoadVector256(w0 + 8);
                    a0 += Avx2.MultiplyLow(Avx2.Shuffle(bytesA0, taps23).AsInt32(), w);
                    b0 += Avx2.MultiplyLow(Avx2.Shuffle(bytesB0, taps23).AsInt32(), w);
                    w = Avx.LoadVector256(w1);
                    a1 += Avx2.MultiplyLow(Avx2.Shuffle(bytesA1, taps01).AsInt32(), w);
                    b1 += Avx2.MultiplyLow(Avx2.Shuffle(bytesB1, taps01).AsInt32(), w);
                    w = Avx.LoadVector256(w1 + 8);
                    a1 += Avx2.MultiplyLow(Avx2.Shuffle(bytesA1, taps23).AsInt32(), w);
                    b1 += Avx2.MultiplyLow(Avx2.Shuffle(bytesB1, taps23).AsInt32(), w);
                }

                // [pixel 0 | pixel 1] of row a and of row b, each lane R, G, B, 0.
                var sa = Avx2.Permute2x128(a0, a1, 0x20) + Avx2.Permute2x128(a0, a1, 0x31) + half;
                var sb = Avx2.Permute2x128(b0, b1, 0x20) + Avx2.Permute2x128(b0, b1, 0x31) + half;
                var shorts = Avx2.PackSignedSaturate(
                    Avx2.ShiftRightArithmetic(sa, ResampleKernel.PrecisionBits),
                    Avx2.ShiftRightArithmetic(sb, ResampleKernel.PrecisionBits));

                // Bytes a0 a1 b0 b1 (R, G, B, 0 each), squeezed to a0 a1 b0 b1 (R, G, B each).
                var bytes = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(shorts, shorts).AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7)).GetLower();
                var rgb = Ssse3.Shuffle(bytes.AsByte(), SqueezeRgb());
                var rowA = rgb.AsUInt64().ToScalar();
                var rowB = Sse2.ShiftRightLogical128BitLane(rgb, 6).AsUInt64().ToScalar();
                if (outStride - (xx * 3) >= 8)
                {
                    // 8-byte stores; the bytes past the pair belong to later pixels, written after.
                    Unsafe.WriteUnaligned(da + (xx * 3), rowA);
                    Unsafe.WriteUnaligned(db + (xx * 3), rowB);
                }
                else
                {
                    StoreBytes(da + (xx * 3), rowA, (x1 - xx + 1) * 3);
                    StoreBytes(db + (xx * 3), rowB, (x1 - xx + 1) * 3);
                }
            }
        }

        var inStride = k.InSize * 3;
        for (xx = prefix; xx < k.OutSize; xx++)
        {
            HorizontalPixel(new ReadOnlySpan<byte>(a, inStride), new Span<byte>(da, outStride), xx, k);
            HorizontalPixel(new ReadOnlySpan<byte>(a + aToB, inStride), new Span<byte>(db, outStride), xx, k);
        }
    }

    // The low `count` bytes of `bytes`, one at a time.
    private static unsafe void StoreBytes(byte* destination, ulong bytes, int count)
    {
        for (var i = 0; i < count; i++, bytes >>= 8)
        {
            destination[i] = (byte)bytes;
        }
    }

    // As HorizontalAvx2, one row at a time with one tap per 128-bit multiply; four output pixels are
    // finished together into 12 bytes.
    private static unsafe void HorizontalVector128(ReadOnlySpan<byte> src, int inWidth, int firstRow, int rows, Span<byte> dst, ResampleKernel k)
    {
        var inStride = inWidth * 3;
        var outStride = k.OutSize * 3;
        var half = Vector128.Create(Half);
        var masks = new TapMasks(TapToInt32(0), TapToInt32(1), TapToInt32(2), TapToInt32(3));
        var squeeze = SqueezeRgb();
        var weightStride = k.PaddedSize * ResampleKernel.Spread;
        var prefix = k.GroupedPrefix;
        var groups = k.MaxGroups;
        fixed (byte* ps = src, pd = dst)
        fixed (int* starts = k.Starts, weights = k.SpreadWeights)
        {
            for (var y = 0; y < rows; y++)
            {
                var srow = ps + ((firstRow + y) * inStride);
                var drow = pd + (y * outStride);
                var xx = 0;
                for (; xx + 4 <= prefix; xx += 4)
                {
                    var w = weights + (xx * weightStride);
                    var s0 = Taps128(srow + (starts[xx] * 3), w, groups, masks) + half;
                    var s1 = Taps128(srow + (starts[xx + 1] * 3), w + weightStride, groups, masks) + half;
                    var s2 = Taps128(srow + (starts[xx + 2] * 3), w + (2 * weightStride), groups, masks) + half;
                    var s3 = Taps128(srow + (starts[xx + 3] * 3), w + (3 * weightStride), groups, masks) + half;
                    var bytes = Vector128.Narrow(
                        Vector128.Narrow(ClampShift(s0), ClampShift(s1)),
                        Vector128.Narrow(ClampShift(s2), ClampShift(s3)));
                    StoreRgb12(drow + (xx * 3), PixelSimdSupport.Shuffle(bytes, squeeze), outStride - (xx * 3));
                }

                for (; xx < prefix; xx++)
                {
                    var s = Taps128(srow + (starts[xx] * 3), weights + (xx * weightStride), groups, masks);
                    StorePixel(drow + (xx * 3), Clip8(s + half));
                }

                for (; xx < k.OutSize; xx++)
                {
                    HorizontalPixel(new ReadOnlySpan<byte>(srow, inStride), new Span<byte>(drow, outStride), xx, k);
                }
            }
        }
    }

    // The R, G, B, 0 sums of one output pixel's products.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<int> Taps128(byte* p, int* w, int groups, TapMasks masks)
    {
        var acc0 = Vector128<int>.Zero;
        var acc1 = Vector128<int>.Zero;
        for (var g = groups; g > 0; g--, p += 12, w += 16)
        {
            var bytes = Vector128.Load(p);
            acc0 += PixelSimdSupport.Shuffle(bytes, masks.Tap0).AsInt32() * Vector128.Load(w);
            acc1 += PixelSimdSupport.Shuffle(bytes, masks.Tap1).AsInt32() * Vector128.Load(w + 4);
            acc0 += PixelSimdSupport.Shuffle(bytes, masks.Tap2).AsInt32() * Vector128.Load(w + 8);
            acc1 += PixelSimdSupport.Shuffle(bytes, masks.Tap3).AsInt32() * Vector128.Load(w + 12);
        }

        return acc0 + acc1;
    }

    // Vertical pass, TChunk.Bytes of an output row at a time, taps inner. A row whose length is not a
    // multiple of the chunk ends with a chunk that overlaps the previous one. TChunk is a struct, so the
    // JIT compiles the loop once per vector width with the chunk's accumulators in registers.
    private static unsafe void VerticalVectors<TChunk>(ReadOnlySpan<byte> src, int width, int rowOffset, Span<byte> dst, int outHeight, ResampleKernel k)
        where TChunk : struct, IVerticalChunk<TChunk>
    {
        var stride = width * 3;
        fixed (byte* ps = src, pd = dst)
        fixed (int* weights = k.Weights)
        {
            for (var yy = 0; yy < outHeight; yy++)
            {
                var top = ps + ((k.Starts[yy] - rowOffset) * stride);
                var count = k.Counts[yy];
                var w = weights + (yy * k.Size);
                var drow = pd + (yy * stride);
                for (var x = 0; x < stride; x += TChunk.Bytes)
                {
                    x = Math.Min(x, stride - TChunk.Bytes);
                    var sum = TChunk.Start;
                    var p = top + x;
                    for (var t = 0; t < count; t++, p += stride)
                    {
                        sum = sum.Add(p, w[t]);
                    }

                    sum.Store(drow + x);
                }
            }
        }
    }

    // The TapToInt32 indices of the taps of a group.
    private readonly record struct TapMasks(Vector128<byte> Tap0, Vector128<byte> Tap1, Vector128<byte> Tap2, Vector128<byte> Tap3);

    // Byte indices that drop every fourth byte: 4 x R, G, B, 0 to 12 bytes R, G, B, ...
    private static Vector128<byte> SqueezeRgb() =>
        Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, Zero, Zero, Zero, Zero);

    // Stores the first 12 bytes of `rgb`; all 16 when `room` allows (the next pixels overwrite the rest).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRgb12(byte* destination, Vector128<byte> rgb, int room)
    {
        if (room >= 16)
        {
            rgb.Store(destination);
        }
        else
        {
            Unsafe.WriteUnaligned(destination, rgb.AsUInt64().ToScalar());
            Unsafe.WriteUnaligned(destination + 8, rgb.AsUInt32().GetElement(2));
        }
    }

    // Byte indices that widen tap `tap` of a 16-byte load (pixel bytes 3 * tap .. 3 * tap + 2) to the
    // int32 lanes R, G, B, 0.
    private static Vector128<byte> TapToInt32(int tap)
    {
        var b = (byte)(3 * tap);
        return Vector128.Create(
            b, Zero, Zero, Zero, (byte)(b + 1), Zero, Zero, Zero,
            (byte)(b + 2), Zero, Zero, Zero, Zero, Zero, Zero, Zero);
    }

    // Fixed point to 0..255 in each int32 lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ClampShift(Vector128<int> sum) =>
        Vector128.Min(Vector128.Max(Vector128.ShiftRightArithmetic(sum, ResampleKernel.PrecisionBits), Vector128<int>.Zero), Vector128.Create(255)).AsUInt32();

    // Lanes R, G, B (accumulated, rounding included) to their three bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Clip8(Vector128<int> sum)
    {
        var c = ClampShift(sum);
        return Vector128.Narrow(Vector128.Narrow(c, c), Vector128<ushort>.Zero).AsUInt32().ToScalar();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StorePixel(byte* destination, uint rgb)
    {
        Unsafe.WriteUnaligned(destination, (ushort)rgb);
        destination[2] = (byte)(rgb >> 16);
    }
}
