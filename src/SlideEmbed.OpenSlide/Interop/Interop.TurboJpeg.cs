using System.Runtime.InteropServices;

namespace SlideEmbed.OpenSlide.Interop;

/// <summary>
/// <c>[LibraryImport]</c> declarations of the TurboJPEG 2.x C API of libjpeg-turbo (Debian
/// <c>libturbojpeg0</c>), keeping the C names. <c>unsigned long</c> sizes are <see cref="nuint"/> (LP64).
/// </summary>
internal static partial class TurboJpegNative
{
    /// <summary>The shared library's file name.</summary>
    internal const string Library = "libturbojpeg.so.0";

    /// <summary>TJPF_RGB: 3 bytes per pixel, R G B.</summary>
    internal const int PixelFormatRgb = 0;

    /// <summary>TJPF_BGR: 3 bytes per pixel, B G R.</summary>
    internal const int PixelFormatBgr = 1;

    /// <summary>TJCS_RGB.</summary>
    internal const int ColorspaceRgb = 0;

    /// <summary>TJCS_YCbCr.</summary>
    internal const int ColorspaceYCbCr = 1;

    /// <summary>TJSAMP_444: no chroma subsampling.</summary>
    internal const int Subsampling444 = 0;

    /// <summary>TJSAMP_420: chroma halved both ways (libjpeg's default, OpenCV's).</summary>
    internal const int Subsampling420 = 2;

    /// <summary>
    /// TJFLAG_ACCURATEDCT: the islow DCT. Without it tjCompress2 uses the fast (ifast) forward DCT, unlike
    /// libjpeg's own default; decompression uses islow either way.
    /// </summary>
    internal const int FlagAccurateDct = 4096;

    [LibraryImport(Library, EntryPoint = "tjInitCompress")]
    internal static partial SafeTurboJpegHandle tjInitCompress();

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    internal static partial SafeTurboJpegHandle tjInitDecompressSafe();

    [LibraryImport(Library, EntryPoint = "tjCompress2")]
    internal static unsafe partial int tjCompress2(SafeTurboJpegHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat, byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    internal static unsafe partial int tjDecompress2(SafeTurboJpegHandle handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjFree")]
    internal static unsafe partial void tjFree(byte* buffer);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    internal static partial IntPtr tjGetErrorStr2(SafeTurboJpegHandle handle);

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    internal static partial IntPtr tjInitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    internal static partial int tjDestroy(IntPtr handle);

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    internal static unsafe partial int tjDecompressHeader3(IntPtr handle, byte* jpegBuf, nuint jpegSize, out int width, out int height, out int jpegSubsamp, out int jpegColorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    internal static unsafe partial int tjDecompress2(IntPtr handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjDecompressToYUVPlanes")]
    internal static unsafe partial int tjDecompressToYUVPlanes(IntPtr handle, byte* jpegBuf, nuint jpegSize, byte** dstPlanes, int width, int* strides, int height, int flags);

    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    internal static partial IntPtr tjGetErrorStr2(IntPtr handle);
}
