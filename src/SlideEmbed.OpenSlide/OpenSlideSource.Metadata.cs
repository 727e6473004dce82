using System.Collections.ObjectModel;
using System.Runtime.InteropServices;
using SlideEmbed.Geometry;
using SlideEmbed.OpenSlide.Interop;
using SlideEmbed.Slides;

namespace SlideEmbed.OpenSlide;

/// <content>Metadata read once at open, and the sticky error check.</content>
public sealed partial class OpenSlideSource
{
    private void ThrowIfError(string action)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var error = _error;
        if (error is null)
        {
            var ptr = OpenSlideNative.openslide_get_error(_handle);
            if (ptr == IntPtr.Zero)
            {
                return;
            }

            error = Marshal.PtrToStringUTF8(ptr) ?? "unknown OpenSlide error";
            _error = error;
        }

        throw new SlideReadException(
            Path,
            $"OpenSlide failed {action} of '{Path}': {error}. The slide handle is unusable after this error; the file is likely corrupt.",
            error);
    }

    private ReadOnlyCollection<SlideLevel> ReadLevels()
    {
        var count = OpenSlideNative.openslide_get_level_count(_handle);
        if (count <= 0)
        {
            ThrowIfError("counting levels");
            throw new SlideOpenException(Path, $"'{Path}' has no pyramid levels.");
        }

        var levels = new SlideLevel[count];
        for (var i = 0; i < count; i++)
        {
            OpenSlideNative.openslide_get_level_dimensions(_handle, i, out var w, out var h);
            var downsample = OpenSlideNative.openslide_get_level_downsample(_handle, i);
            levels[i] = new SlideLevel(i, w, h, downsample);
        }

        return Array.AsReadOnly(levels);
    }

    private ReadOnlyDictionary<string, string> ReadProperties()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ReadStringArray(OpenSlideNative.openslide_get_property_names(_handle)))
        {
            var value = Marshal.PtrToStringUTF8(OpenSlideNative.openslide_get_property_value(_handle, name));
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result.AsReadOnly();
    }

    private ReadOnlyCollection<AssociatedImageInfo> ReadAssociatedImageInfos()
    {
        var list = new List<AssociatedImageInfo>();
        foreach (var name in ReadStringArray(OpenSlideNative.openslide_get_associated_image_names(_handle)))
        {
            OpenSlideNative.openslide_get_associated_image_dimensions(_handle, name, out var w, out var h);
            if (w > 0 && h > 0)
            {
                list.Add(new AssociatedImageInfo(name, w, h));
            }
        }

        return list.AsReadOnly();
    }

    private static List<string> ReadStringArray(IntPtr array)
    {
        var result = new List<string>();
        if (array == IntPtr.Zero)
        {
            return result;
        }

        for (var i = 0; ; i++)
        {
            var item = Marshal.ReadIntPtr(array, i * IntPtr.Size);
            if (item == IntPtr.Zero)
            {
                return result;
            }

            result.Add(Marshal.PtrToStringUTF8(item) ?? string.Empty);
        }
    }
}
