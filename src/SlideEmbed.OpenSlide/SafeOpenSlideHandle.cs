using System.Runtime.InteropServices;
using SlideEmbed.OpenSlide.Interop;

namespace SlideEmbed.OpenSlide;

/// <summary>
/// Owns one <c>openslide_t*</c>. Every native call takes the handle through the marshaller, which
/// adds a reference for the call's duration, so <c>openslide_close</c> runs only after the last
/// in-flight read returns: disposing never races a read.
/// </summary>
internal sealed class SafeOpenSlideHandle : SafeHandle
{
    /// <summary>Used by the marshaller for handles returned from native code.</summary>
    public SafeOpenSlideHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        OpenSlideNative.openslide_close(handle);
        return true;
    }
}
