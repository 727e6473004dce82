namespace SlideEmbed.Onnx.Devices;

/// <summary>Whether one runtime library could be loaded.</summary>
/// <param name="Library">The library.</param>
/// <param name="Loaded">True when the loader found and loaded it.</param>
public sealed record LibraryCheck(RuntimeLibrary Library, bool Loaded);
