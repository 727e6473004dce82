namespace SlideEmbed.Onnx.Devices;

/// <summary>Checks whether a shared library can be loaded by the dynamic loader, as ONNX Runtime would load it.</summary>
public interface INativeLibraryProbe
{
    /// <summary>Tries to load <paramref name="name"/> (a soname such as <c>libcudart.so.13</c>) and unloads it again.</summary>
    /// <param name="name">The library file name, searched on the loader's path.</param>
    /// <returns>True when the library loads.</returns>
    bool CanLoad(string name);

    /// <summary>TensorRT's version as <c>major.minor.patch</c>, read from <c>libnvinfer</c>; null when it cannot be loaded.</summary>
    /// <returns>The version or null.</returns>
    string? TensorRtVersion();
}
