using System.Runtime.InteropServices;
using SlideEmbed.OpenSlide.Interop;
using SlideEmbed.Segmentation;

namespace SlideEmbed.OpenSlide;

/// <summary>
/// A segmenter's JPEG round trip over libjpeg-turbo's TurboJPEG API (Debian <c>libturbojpeg0</c>).
/// <see cref="SegmenterJpegVariant.OpencvBgrQuirk"/> reproduces <c>cv2.imdecode(cv2.imencode('.jpg', rgb,
/// [IMWRITE_JPEG_QUALITY, q]))</c> on an RGB array byte for byte with the same libjpeg-turbo: the RGB
/// bytes are handed over as BGR on both sides, with 4:2:0 chroma, the standard tables scaled to the
/// quality, the islow forward and inverse DCT, fancy upsampling, no optimised Huffman tables and no
/// progressive scan (OpenCV 4.6's defaults; tests/goldens/jpeg holds its output).
/// </summary>
/// <remarks>Thread-safe: every call uses its own compressor and decompressor.</remarks>
public sealed unsafe class TurboJpegRoundTrip : IJpegRoundTrip
{
    private static readonly Lazy<bool> s_libraryAvailable = new(() => NativeLibrary.TryLoad(TurboJpegNative.Library, out _));

    private TurboJpegRoundTrip()
    {
    }

    /// <summary>Whether libturbojpeg can be loaded on this machine.</summary>
    public static bool LibraryAvailable => s_libraryAvailable.Value;

    /// <summary>Creates the codec.</summary>
    /// <returns>The codec.</returns>
    /// <exception cref="DllNotFoundException">libturbojpeg.so.0 is not installed; the message names the package.</exception>
    public static TurboJpegRoundTrip Create() => LibraryAvailable
        ? new TurboJpegRoundTrip()
        : throw new DllNotFoundException($"{TurboJpegNative.Library} is not installed; install it with: apt-get install libturbojpeg0 (or tools/install-deps.sh).");

    /// <inheritdoc />
    public void RoundTrip(Span<byte> pixels, int width, int height, SegmenterJpeg settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, width * height * 3, nameof(pixels));
        var format = settings.Variant switch
        {
            SegmenterJpegVariant.OpencvBgrQuirk => TurboJpegNative.PixelFormatBgr,
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Variant, "Unknown JPEG variant."),
        };
        using var compressor = TurboJpegNative.tjInitCompress();
        using var decompressor = TurboJpegNative.tjInitDecompressSafe();
        ThrowIfInvalid(compressor);
        ThrowIfInvalid(decompressor);
        byte* jpeg = null;
        nuint size = 0;
        try
        {
            fixed (byte* p = pixels)
            {
                ThrowIfError(compressor, TurboJpegNative.tjCompress2(compressor, p, width, width * 3, height, format, &jpeg, &size, TurboJpegNative.Subsampling420, settings.Quality, TurboJpegNative.FlagAccurateDct), "encode");
                ThrowIfError(decompressor, TurboJpegNative.tjDecompress2(decompressor, jpeg, size, p, width, width * 3, height, format, 0), "decode");
            }
        }
        finally
        {
            if (jpeg is not null)
            {
                TurboJpegNative.tjFree(jpeg);
            }
        }
    }

    private static void ThrowIfInvalid(SafeTurboJpegHandle handle)
    {
        if (handle.IsInvalid)
        {
            throw new InvalidOperationException($"libturbojpeg could not create a codec: {Marshal.PtrToStringUTF8(TurboJpegNative.tjGetErrorStr2(IntPtr.Zero))}.");
        }
    }

    private static void ThrowIfError(SafeTurboJpegHandle handle, int status, string step)
    {
        if (status != 0)
        {
            throw new InvalidOperationException($"libturbojpeg failed to {step} a segmenter patch: {Marshal.PtrToStringUTF8(TurboJpegNative.tjGetErrorStr2(handle))}.");
        }
    }
}
