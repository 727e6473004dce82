using System.Runtime.InteropServices;
using SlideEmbed.OpenSlide.Interop;

namespace SlideEmbed.OpenSlide;

/// <summary>
/// Owns one TurboJPEG compressor or decompressor (<c>tjhandle</c>); <c>tjDestroy</c> runs once, after the
/// last call that uses it returns.
/// </summary>
internal sealed class SafeTurboJpegHandle : SafeHandle
{
    /// <summary>Used by the marshaller for handles returned from native code.</summary>
    public SafeTurboJpegHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _ = TurboJpegNative.tjDestroy(handle);
        return true;
    }
}
