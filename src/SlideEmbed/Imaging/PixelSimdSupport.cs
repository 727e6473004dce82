using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SlideEmbed.Imaging;

/// <summary>Which <see cref="PixelSimd"/> implementations this CPU runs.</summary>
internal static class PixelSimdSupport
{
    /// <summary>The implementation <see cref="PixelSimd.Auto"/> stands for.</summary>
    public static PixelSimd Best { get; } =
        IsSupported(PixelSimd.Avx2) ? PixelSimd.Avx2 : IsSupported(PixelSimd.Vector128) ? PixelSimd.Vector128 : PixelSimd.Scalar;

    /// <summary>Whether <paramref name="simd"/> runs here, in hardware (the vector kernels assume little-endian pixels).</summary>
    /// <param name="simd">An implementation.</param>
    /// <returns>True when it can be forced.</returns>
    public static bool IsSupported(PixelSimd simd) => simd switch
    {
        PixelSimd.Auto or PixelSimd.Scalar => true,
        // Byte shuffles and 32-bit multiplies must be single instructions, or the scalar loop is faster.
        PixelSimd.Vector128 => BitConverter.IsLittleEndian && (Sse41.IsSupported || AdvSimd.Arm64.IsSupported),
        PixelSimd.Avx2 => BitConverter.IsLittleEndian && Avx2.IsSupported,
        _ => false,
    };

    /// <summary>Resolves <see cref="PixelSimd.Auto"/> and checks that a forced implementation runs here.</summary>
    /// <param name="simd">The requested implementation.</param>
    /// <returns>The implementation to run.</returns>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks the instructions.</exception>
    public static PixelSimd Resolve(PixelSimd simd)
    {
        if (simd == PixelSimd.Auto)
        {
            return Best;
        }

        return IsSupported(simd) ? simd : throw new PlatformNotSupportedException($"The {simd} pixel kernels need instructions this CPU lacks.");
    }

    /// <summary>
    /// Byte shuffle of one 128-bit vector: byte <c>i</c> of the result is byte <c>indices[i]</c> of
    /// <paramref name="value"/>, or 0 where the index is 0x80 (one instruction on SSSE3 and Arm64).
    /// </summary>
    /// <param name="value">Source bytes.</param>
    /// <param name="indices">Indices 0 to 15, or 0x80 for a zero byte.</param>
    /// <returns>The shuffled bytes.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Shuffle(Vector128<byte> value, Vector128<byte> indices)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(value, indices);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(value, indices);
        }

        return Vector128.Shuffle(value, indices);
    }
}
