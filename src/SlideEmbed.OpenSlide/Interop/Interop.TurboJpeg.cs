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

    /// <summary>TJCS_RGB.</summary>
    internal const int ColorspaceRgb = 0;

    /// <summary>TJCS_YCbCr.</summary>
    internal const int ColorspaceYCbCr = 1;

    /// <summary>TJSAMP_444: no chroma subsampling.</summary>
    internal const int Subsampling444 = 0;

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
