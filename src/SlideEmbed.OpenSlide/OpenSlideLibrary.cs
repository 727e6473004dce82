using System.Reflection;
using System.Runtime.InteropServices;
using SlideEmbed.OpenSlide.Interop;

namespace SlideEmbed.OpenSlide;

/// <summary>
/// Locates the system OpenSlide library (Debian/Ubuntu <c>libopenslide0</c> or <c>libopenslide1</c>,
/// macOS Homebrew, Windows DLL) and reports its version.
/// </summary>
public static class OpenSlideLibrary
{
    /// <summary>What to install when the library is missing.</summary>
    public const string InstallHint = "install OpenSlide: 'apt-get install -y libopenslide0' on Debian/Ubuntu, 'brew install openslide' on macOS";

    private static readonly string[] s_candidates =
    [
        "libopenslide.so.1",
        "libopenslide.so.0",
        "libopenslide.so",
        "libopenslide.1.dylib",
        "libopenslide.0.dylib",
        "libopenslide-1.dll",
        "libopenslide-0.dll",
    ];

    private static readonly Lazy<string?> s_loadError = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the native library can be loaded on this machine.</summary>
    public static bool IsAvailable => s_loadError.Value is null;

    /// <summary>The library's version string, e.g. <c>3.4.1</c>.</summary>
    /// <exception cref="DllNotFoundException">The library is not installed.</exception>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Marshal.PtrToStringUTF8(OpenSlideNative.openslide_get_version()) ?? "unknown";
        }
    }

    /// <summary>Throws a <see cref="DllNotFoundException"/> naming the fix when the library cannot be loaded.</summary>
    /// <exception cref="DllNotFoundException">The library is not installed.</exception>
    public static void EnsureLoaded()
    {
        if (s_loadError.Value is { } error)
        {
            throw new DllNotFoundException(error);
        }
    }

    private static string? Register()
    {
        IntPtr loaded = IntPtr.Zero;
        foreach (var name in s_candidates)
        {
            if (NativeLibrary.TryLoad(name, out loaded))
            {
                break;
            }
        }

        if (loaded == IntPtr.Zero)
        {
            return $"The OpenSlide library could not be loaded (tried {string.Join(", ", s_candidates)}); {InstallHint}.";
        }

        var library = loaded;
        NativeLibrary.SetDllImportResolver(typeof(OpenSlideLibrary).Assembly, (name, _, _) =>
            name == OpenSlideNative.Library ? library : IntPtr.Zero);
        return null;
    }
}
