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
            PixelSimd.Avx2 => NormaliseVectors<Avx2Channel>(row, r, g, b),
            PixelSimd.Vector128 => NormaliseVectors<Vector128Channel>(row, r, g, b),
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

    // One loop for both vector paths: TChannel is a struct, so the JIT compiles it once per path with the
    // channel's constants in registers.
    private unsafe int NormaliseVectors<TChannel>(ReadOnlySpan<byte> row, Span<float> r, Span<float> g, Span<float> b)
        where TChannel : struct, IChannelNormaliser<TChannel>
    {
        var red = TChannel.Create(_mean[0], _std[0]);
        var green = TChannel.Create(_mean[1], _std[1]);
        var blue = TChannel.Create(_mean[2], _std[2]);
        var x = 0;
        fixed (byte* src = row)
        fixed (float* pr = r, pg = g, pb = b)
        {
            for (; x + 16 <= r.Length; x += 16)
            {
                var (rv, gv, bv) = Split(src + (x * 3));
                red.Store(rv, pr + x);
                green.Store(gv, pg + x);
                blue.Store(bv, pb + x);
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
