using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx.Tests.Devices;

/// <summary>A GPU lister with a fixed answer.</summary>
internal sealed class FakeGpuProbe(GpuSurvey survey) : IGpuProbe
{
    public static FakeGpuProbe None { get; } = new(new GpuSurvey("nvidia-smi", [], null, "nvidia-smi not found: no NVIDIA driver is installed"));

    public static FakeGpuProbe H200s(int count) =>
        new(new GpuSurvey("nvidia-smi", [.. Enumerable.Range(0, count).Select(i => new GpuInfo(i, "NVIDIA H200", 143771))], "580.95.05", null));

    public GpuSurvey Survey() => survey;
}
