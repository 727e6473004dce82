using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx.Tests.Devices;

public sealed class NvidiaSmiProbeTests
{
    [Fact]
    public void Parse_TwoGpuRows_ListsBothWithDriver()
    {
        var survey = NvidiaSmiProbe.Parse("0, NVIDIA H200, 143771, 580.95.05\n1, NVIDIA H100 80GB HBM3, 81559, 580.95.05\n");

        Assert.Null(survey.Problem);
        Assert.Equal("580.95.05", survey.DriverVersion);
        Assert.Equal([new GpuInfo(0, "NVIDIA H200", 143771), new GpuInfo(1, "NVIDIA H100 80GB HBM3", 81559)], survey.Gpus);
    }

    [Fact]
    public void Parse_NoRows_SaysNoGpuListed()
    {
        var survey = NvidiaSmiProbe.Parse("No devices were found\n");

        Assert.Empty(survey.Gpus);
        Assert.Null(survey.DriverVersion);
        Assert.Equal("nvidia-smi listed no GPU", survey.Problem);
    }
}
