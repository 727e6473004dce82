namespace SlideEmbed.Onnx.Devices;

/// <summary>One NVIDIA GPU as the driver reports it.</summary>
/// <param name="Index">The CUDA device ordinal.</param>
/// <param name="Name">The product name, e.g. <c>NVIDIA H200</c>.</param>
/// <param name="MemoryMiB">Total memory in MiB.</param>
public sealed record GpuInfo(int Index, string Name, long MemoryMiB);
