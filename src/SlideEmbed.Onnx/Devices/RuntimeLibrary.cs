namespace SlideEmbed.Onnx.Devices;

/// <summary>A shared library an ONNX Runtime GPU provider loads at run time.</summary>
/// <param name="FileName">The soname the loader looks for, e.g. <c>libcublasLt.so.13</c>.</param>
/// <param name="Component">What it is, e.g. <c>CUDA 13 cuBLASLt</c>.</param>
/// <param name="TensorRtOnly">True when only the TensorRT provider needs it.</param>
/// <param name="InstallHint">What to install when it is missing.</param>
public sealed record RuntimeLibrary(string FileName, string Component, bool TensorRtOnly, string InstallHint);
