using System.Runtime.InteropServices;

namespace SlideEmbed.OpenSlide.Interop;

/// <summary>
/// <c>[LibraryImport]</c> declarations of the OpenSlide C API (3.4 and 4.x), keeping the C names.
/// Library-owned strings come back as pointers and are never freed by us.
/// </summary>
internal static partial class OpenSlideNative
{
    /// <summary>The name the resolver maps to the installed shared library.</summary>
    internal const string Library = "openslide";

    [LibraryImport(Library, EntryPoint = "openslide_detect_vendor", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr openslide_detect_vendor(string filename);

    [LibraryImport(Library, EntryPoint = "openslide_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeOpenSlideHandle openslide_open(string filename);

    [LibraryImport(Library, EntryPoint = "openslide_close")]
    internal static partial void openslide_close(IntPtr osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_error")]
    internal static partial IntPtr openslide_get_error(SafeOpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_count")]
    internal static partial int openslide_get_level_count(SafeOpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_dimensions")]
    internal static partial void openslide_get_level_dimensions(SafeOpenSlideHandle osr, int level, out long w, out long h);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_downsample")]
    internal static partial double openslide_get_level_downsample(SafeOpenSlideHandle osr, int level);

    [LibraryImport(Library, EntryPoint = "openslide_read_region")]
    internal static unsafe partial void openslide_read_region(SafeOpenSlideHandle osr, uint* dest, long x, long y, int level, long w, long h);

    [LibraryImport(Library, EntryPoint = "openslide_get_property_names")]
    internal static partial IntPtr openslide_get_property_names(SafeOpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_property_value", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr openslide_get_property_value(SafeOpenSlideHandle osr, string name);

    [LibraryImport(Library, EntryPoint = "openslide_get_associated_image_names")]
    internal static partial IntPtr openslide_get_associated_image_names(SafeOpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_associated_image_dimensions", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void openslide_get_associated_image_dimensions(SafeOpenSlideHandle osr, string name, out long w, out long h);

    [LibraryImport(Library, EntryPoint = "openslide_read_associated_image", StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial void openslide_read_associated_image(SafeOpenSlideHandle osr, string name, uint* dest);

    [LibraryImport(Library, EntryPoint = "openslide_get_version")]
    internal static partial IntPtr openslide_get_version();
}
