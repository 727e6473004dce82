using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SlideEmbed.Imaging;

/// <summary>
/// Conversion of OpenSlide's premultiplied ARGB pixels (one native-endian <see cref="uint"/> per
/// pixel, alpha in the top byte) to opaque RGB on a background colour.
/// </summary>
/// <remarks>
/// The rule, which <c>tools/make_region_goldens.py</c> reproduces from openslide-python's RGBA output:
/// an opaque pixel keeps its colour; a fully transparent pixel (outside the scanned area) becomes
/// the background; a partly transparent pixel is first un-premultiplied exactly as openslide-python
/// does (<c>c = 255 * c / a</c>, truncating) and then composited as
/// <c>(c * a + background * (255 - a) + 127) / 255</c>. Runs of 8 (AVX2) or 4 (128-bit vectors)
/// pixels that are all opaque or all transparent are converted with vector shuffles; any other
/// run goes through the per-pixel rule, so every CPU gives the same bytes. Thread-safe.
/// </remarks>
public static class PremultipliedArgb
{
    private const uint AlphaMask = 0xFF000000;

    /// <summary>Converts <paramref name="argb"/> into interleaved RGB in <paramref name="rgb"/>.</summary>
    /// <param name="argb">Source pixels.</param>
    /// <param name="rgb">Destination, at least <c>3 * argb.Length</c> bytes; bytes past that are left alone.</param>
    /// <param name="background">Colour behind transparent pixels.</param>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static void ToRgb(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background) =>
        ToRgb(argb, rgb, background, PixelSimd.Auto);

    /// <summary>As <see cref="ToRgb(ReadOnlySpan{uint}, Span{byte}, RgbColor)"/> with a chosen implementation.</summary>
    /// <param name="argb">Source pixels.</param>
    /// <param name="rgb">Destination, at least <c>3 * argb.Length</c> bytes.</param>
    /// <param name="background">Colour behind transparent pixels.</param>
    /// <param name="simd">Implementation; must be supported by this CPU.</param>
    internal static void ToRgb(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background, PixelSimd simd)
    {
        if (rgb.Length < argb.Length * 3)
        {
            throw new ArgumentException("The destination holds fewer than 3 bytes per source pixel.", nameof(rgb));
        }

        var done = PixelSimdSupport.Resolve(simd) switch
        {
            PixelSimd.Avx2 => ToRgbAvx2(argb, rgb, background),
            PixelSimd.Vector128 => ToRgbVector128(argb, rgb, background),
            _ => 0,
        };
        ToRgbScalar(argb[done..], rgb[(done * 3)..], background);
    }

    private static void ToRgbScalar(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background)
    {
        var o = 0;
        for (var i = 0; i < argb.Length; i++, o += 3)
        {
            var p = argb[i];
            var a = p >> 24;
            if (a == 255)
            {
                rgb[o] = (byte)(p >> 16);
                rgb[o + 1] = (byte)(p >> 8);
                rgb[o + 2] = (byte)p;
            }
            else if (a == 0)
            {
                rgb[o] = background.R;
                rgb[o + 1] = background.G;
                rgb[o + 2] = background.B;
            }
            else
            {
                rgb[o] = Blend((p >> 16) & 0xFF, a, background.R);
                rgb[o + 1] = Blend((p >> 8) & 0xFF, a, background.G);
                rgb[o + 2] = Blend(p & 0xFF, a, background.B);
            }
        }
    }

    // Whole blocks of 8 pixels; returns how many pixels were converted. In memory a little-endian
    // pixel is B, G, R, A, so an in-lane byte shuffle gives R, G, B for 4 pixels per 128-bit lane
    // (12 bytes) and a dword permute closes the gap between the lanes: 24 bytes, stored as 16 + 8.
    private static int ToRgbAvx2(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background)
    {
        var bgr = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80);
        var shuffle = Vector256.Create(bgr, bgr);
        var compact = Vector256.Create(0, 1, 2, 4, 5, 6, 3, 7);
        var fill = BackgroundPattern(background);
        var alpha = Vector256.Create(AlphaMask);
        ref var src = ref MemoryMarshal.GetReference(argb);
        ref var dst = ref MemoryMarshal.GetReference(rgb);
        var i = 0;
        for (; i + 8 <= argb.Length; i += 8)
        {
            var pixels = Vector256.LoadUnsafe(ref src, (nuint)i);
            var a = pixels & alpha;
            Vector256<byte> bytes;
            if (a == alpha)
            {
                bytes = Avx2.PermuteVar8x32(Avx2.Shuffle(pixels.AsByte(), shuffle).AsInt32(), compact).AsByte();
            }
            else if (a == Vector256<uint>.Zero)
            {
                bytes = fill;
            }
            else
            {
                ToRgbScalar(argb.Slice(i, 8), rgb.Slice(i * 3, 24), background);
                continue;
            }

            ref var o = ref Unsafe.Add(ref dst, i * 3);
            bytes.GetLower().StoreUnsafe(ref o);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 16), bytes.GetUpper().AsUInt64().ToScalar());
        }

        return i;
    }

    // As ToRgbAvx2 with blocks of 4 pixels (12 bytes, stored as 8 + 4).
    private static int ToRgbVector128(ReadOnlySpan<uint> argb, Span<byte> rgb, RgbColor background)
    {
        var shuffle = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80);
        var fill = BackgroundPattern(background).GetLower();
        var alpha = Vector128.Create(AlphaMask);
        ref var src = ref MemoryMarshal.GetReference(argb);
        ref var dst = ref MemoryMarshal.GetReference(rgb);
        var i = 0;
        for (; i + 4 <= argb.Length; i += 4)
        {
            var pixels = Vector128.LoadUnsafe(ref src, (nuint)i);
            var a = pixels & alpha;
            Vector128<byte> bytes;
            if (a == alpha)
            {
                bytes = PixelSimdSupport.Shuffle(pixels.AsByte(), shuffle);
            }
            else if (a == Vector128<uint>.Zero)
            {
                bytes = fill;
            }
            else
            {
                ToRgbScalar(argb.Slice(i, 4), rgb.Slice(i * 3, 12), background);
                continue;
            }

            ref var o = ref Unsafe.Add(ref dst, i * 3);
            Unsafe.WriteUnaligned(ref o, bytes.AsUInt64().ToScalar());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, 8), bytes.AsUInt32().GetElement(2));
        }

        return i;
    }

    // R, G, B repeated from byte 0 (the first 24 bytes are 8 background pixels).
    private static Vector256<byte> BackgroundPattern(RgbColor background)
    {
        Span<byte> pattern = stackalloc byte[Vector256<byte>.Count];
        for (var j = 0; j < pattern.Length; j++)
        {
            pattern[j] = (j % 3) switch { 0 => background.R, 1 => background.G, _ => background.B };
        }

        return Vector256.Create<byte>(pattern);
    }

    private static byte Blend(uint premultiplied, uint alpha, byte background)
    {
        // Un-premultiply as openslide-python does (truncating, wrapped to a byte), then composite.
        var straight = (byte)(255 * premultiplied / alpha);
        return (byte)((straight * alpha + background * (255 - alpha) + 127) / 255);
    }
}
