using System.Runtime.InteropServices;
using SlideEmbed.OpenSlide.Interop;
using SlideEmbed.Slides;

namespace SlideEmbed.OpenSlide;

/// <summary>Opens slides with the system OpenSlide library. Stateless and thread-safe.</summary>
public sealed class OpenSlideOpener : ISlideOpener
{
    /// <inheritdoc />
    public string? DetectVendor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        EnsureLibrary(path);
        return Marshal.PtrToStringUTF8(OpenSlideNative.openslide_detect_vendor(Path.GetFullPath(path)));
    }

    /// <inheritdoc />
    public ISlideSource Open(string path) => OpenSlideSource.Open(path);

    internal static void EnsureLibrary(string path)
    {
        try
        {
            OpenSlideLibrary.EnsureLoaded();
        }
        catch (DllNotFoundException e)
        {
            throw new SlideLibraryUnavailableException(path, $"Cannot open '{path}': {e.Message}", e);
        }
    }
}
