using System.Globalization;
using System.Runtime.InteropServices;

namespace SlideEmbed.Onnx.Devices;

/// <summary>The real loader: <see cref="NativeLibrary.TryLoad(string, out IntPtr)"/>, freed straight after.</summary>
public sealed class NativeLibraryProbe : INativeLibraryProbe
{
    /// <summary>The shared instance.</summary>
    public static NativeLibraryProbe Instance { get; } = new();

    /// <inheritdoc />
    public bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <inheritdoc />
    public unsafe string? TensorRtVersion()
    {
        if (!NativeLibrary.TryLoad(RuntimeLibraries.TensorRtLibrary, out var handle))
        {
            return null;
        }

        try
        {
            if (!NativeLibrary.TryGetExport(handle, "getInferLibVersion", out var export))
            {
                return null;
            }

            // TensorRT encodes major * 10000 + minor * 100 + patch (10.x and later).
            var v = ((delegate* unmanaged<int>)export)();
            return string.Create(CultureInfo.InvariantCulture, $"{v / 10000}.{v / 100 % 100}.{v % 100}");
        }
        finally
        {
            NativeLibrary.Free(handle);
        }
    }
}
