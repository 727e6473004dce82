using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SlideEmbed.Imaging;

namespace SlideEmbed.Preprocessing;

// Interleaved RGB bytes to three float planes. The vector kernels split 16 pixels (48 bytes, three
// 16-byte loads) into 16 R, 16 G and 16 B bytes with byte shuffles, widen them to float32 and
// evaluate ((b / 255f) - mean) / std per lane: the same IEEE single operations in the same order
// as the table, so the floats are identical. The pixels past the last whole group of 16 use the table.
public sealed partial class TilePreprocessor
{
    // s_split[3 * channel + part]: picks the channel's bytes out of load `part` (0..2) of 48 bytes,
    // each at its place among the 16 output bytes, zero elsewhere, so the three results OR together.
    private static readonly Vector128<byte>[] s_split = BuildSplitIndices();

    private void NormaliseRow(ReadOnlySpan<byte> row, Span<float> r, Span<float> g, Span<float> b, PixelSimd path)
    {
        var done = path switch
        {
            PixelSimd.Avx2 => NormaliseAvx2(row, r, g, b),
            PixelSimd.Vector128 => NormaliseVector128(row, r, g, b),
            _ => 0,
        };
        var lr = _lut.AsSpan(0, 256);
        var lg = _lut.AsSpan(256, 256);
        var lb = _lut.AsSpan(512, 256);
        for (var x = done; x < r.Length; x++)
        {
            r[x] = lr[row[x * 3]];
            g[x] = lg[row[(x * 3) + 1]];
            b[x] = lb[row[(x * 3) + 2]];
        }
    }

    private unsafe int NormaliseAvx2(ReadOnlySpan<byte> row, Span<float> r, Span<float> g, Span<float> b)
    {
        var scale = Vector256.Create(255f);
        var mr = Vector256.Create(_mean[0]);
        var mg = Vector256.Create(_mean[1]);
        var mb = Vector256.Create(_mean[2]);
        var sr = Vector256.Create(_std[0]);
        var sg = Vector256.Create(_std[1]);
        var sb = Vector256.Create(_std[2]);
        var x = 0;
        fixed (byte* src = row)
        fixed (float* pr = r, pg = g, pb = b)
        {
            for (; x + 16 <= r.Length; x += 16)
            {
                var (red, green, blue) = Split(src + (x * 3));
                StoreAvx2(red, pr + x, scale, mr, sr);
                StoreAvx2(green, pg + x, scale, mg, sg);
                StoreAvx2(blue, pb + x, scale, mb, sb);
            }
        }

        return x;
    }

    private unsafe int NormaliseVector128(ReadOnlySpan<byte> row, Span<float> r, Span<float> g, Span<float> b)
    {
        var scale = Vector128.Create(255f);
        var mr = Vector128.Create(_mean[0]);
        var mg = Vector128.Create(_mean[1]);
        var mb = Vector128.Create(_mean[2]);
        var sr = Vector128.Create(_std[0]);
        var sg = Vector128.Create(_std[1]);
        var sb = Vector128.Create(_std[2]);
        var x = 0;
        fixed (byte* src = row)
        fixed (float* pr = r, pg = g, pb = b)
        {
            for (; x + 16 <= r.Length; x += 16)
            {
                var (red, green, blue) = Split(src + (x * 3));
                StoreVector128(red, pr + x, scale, mr, sr);
                StoreVector128(green, pg + x, scale, mg, sg);
                StoreVector128(blue, pb + x, scale, mb, sb);
            }
        }

        return x;
    }

    // 16 RGB pixels to 16 bytes per channel.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe (Vector128<byte> R, Vector128<byte> G, Vector128<byte> B) Split(byte* pixels)
    {
        var a = Vector128.Load(pixels);
        var b = Vector128.Load(pixels + 16);
        var c = Vector128.Load(pixels + 32);
        var split = s_split;
        return (
            PixelSimdSupport.Shuffle(a, split[0]) | PixelSimdSupport.Shuffle(b, split[1]) | PixelSimdSupport.Shuffle(c, split[2]),
            PixelSimdSupport.Shuffle(a, split[3]) | PixelSimdSupport.Shuffle(b, split[4]) | PixelSimdSupport.Shuffle(c, split[5]),
            PixelSimdSupport.Shuffle(a, split[6]) | PixelSimdSupport.Shuffle(b, split[7]) | PixelSimdSupport.Shuffle(c, split[8]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreAvx2(Vector128<byte> values, float* destination, Vector256<float> scale, Vector256<float> mean, Vector256<float> std)
    {
        var low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(values));
        var high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(values, 8)));
        Avx.Store(destination, ((low / scale) - mean) / std);
        Avx.Store(destination + 8, ((high / scale) - mean) / std);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreVector128(Vector128<byte> values, float* destination, Vector128<float> scale, Vector128<float> mean, Vector128<float> std)
    {
        var (low, high) = Vector128.Widen(values);
        var (v0, v1) = Vector128.Widen(low);
        var (v2, v3) = Vector128.Widen(high);
        Normalise(v0, scale, mean, std).Store(destination);
        Normalise(v1, scale, mean, std).Store(destination + 4);
        Normalise(v2, scale, mean, std).Store(destination + 8);
        Normalise(v3, scale, mean, std).Store(destination + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Normalise(Vector128<uint> values, Vector128<float> scale, Vector128<float> mean, Vector128<float> std) =>
        ((Vector128.ConvertToSingle(values.AsInt32()) / scale) - mean) / std;

    private static Vector128<byte>[] BuildSplitIndices()
    {
        var indices = new Vector128<byte>[9];
        Span<byte> lanes = stackalloc byte[16];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var part = 0; part < 3; part++)
            {
                for (var j = 0; j < 16; j++)
                {
                    var at = (3 * j) + channel - (16 * part);
                    lanes[j] = at is >= 0 and < 16 ? (byte)at : (byte)0x80;
                }

                indices[(3 * channel) + part] = Vector128.Create<byte>(lanes);
            }
        }

        return indices;
    }
}
