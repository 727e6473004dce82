namespace SlideEmbed.Onnx.Devices;

/// <summary>What a GPU probe found.</summary>
/// <param name="Source">How the GPUs were listed, e.g. <c>nvidia-smi</c>.</param>
/// <param name="Gpus">The GPUs seen; empty when none.</param>
/// <param name="DriverVersion">The driver version, or null when no driver answered.</param>
/// <param name="Problem">Why no GPU could be listed, or null.</param>
public sealed record GpuSurvey(string Source, IReadOnlyList<GpuInfo> Gpus, string? DriverVersion, string? Problem);
