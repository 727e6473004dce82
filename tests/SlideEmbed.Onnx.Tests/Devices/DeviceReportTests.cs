using SlideEmbed.Encoders;
using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx.Tests.Devices;

public sealed class DeviceReportTests
{
    private static readonly string[] s_gpuBuild = ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"];
    private static readonly EncoderDevice s_cuda0 = new(EncoderDeviceKind.Cuda, 0);
    private static readonly EncoderDevice s_trt0 = new(EncoderDeviceKind.TensorRT, 0);

    [Fact]
    public void Problem_EverythingPresent_NoneForCudaAndTensorRt()
    {
        var report = DeviceReport.Collect(s_gpuBuild, FakeLibraryProbe.AllPresent(), FakeGpuProbe.H200s(1));

        Assert.Null(report.Problem(s_cuda0));
        Assert.Null(report.Problem(s_trt0));
        Assert.Null(report.Problem(EncoderDevice.Cpu));
        Assert.Equal("10.13.3", report.TensorRtVersion);
    }

    [Fact]
    public void Problem_CublasLtMissing_NamesTheLibraryAndWhatToInstall()
    {
        var report = DeviceReport.Collect(s_gpuBuild, FakeLibraryProbe.AllBut("libcublasLt.so.13"), FakeGpuProbe.H200s(1));

        var problem = report.Problem(s_cuda0);

        Assert.NotNull(problem);
        Assert.StartsWith("cuda:0 was requested but libcublasLt.so.13 (CUDA 13 cuBLASLt) cannot be loaded", problem, StringComparison.Ordinal);
        Assert.Contains("nvidia-cublas", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Problem_OnlyTensorRtMissing_CudaUsableTensorRtNot()
    {
        var report = DeviceReport.Collect(s_gpuBuild, FakeLibraryProbe.AllBut("libnvinfer.so.10"), FakeGpuProbe.H200s(1));

        Assert.Null(report.Problem(s_cuda0));
        Assert.Contains("libnvinfer.so.10 (TensorRT 10)", report.Problem(s_trt0), StringComparison.Ordinal);
        Assert.Null(report.TensorRtVersion);
    }

    [Fact]
    public void Problem_NoDriver_SaysNoGpuBeforeAnyLibrary()
    {
        var report = DeviceReport.Collect(s_gpuBuild, new FakeLibraryProbe([]), FakeGpuProbe.None);

        Assert.Equal("cuda:0 was requested but no NVIDIA GPU is usable (nvidia-smi not found: no NVIDIA driver is installed)", report.Problem(s_cuda0));
    }

    [Fact]
    public void Problem_IndexBeyondTheGpus_NamesTheValidRange()
    {
        var report = DeviceReport.Collect(s_gpuBuild, FakeLibraryProbe.AllPresent(), FakeGpuProbe.H200s(2));

        Assert.Equal("cuda:2 was requested but this machine has 2 GPU(s), cuda:0 to cuda:1", report.Problem(new EncoderDevice(EncoderDeviceKind.Cuda, 2)));
        Assert.Null(report.Problem(new EncoderDevice(EncoderDeviceKind.Cuda, 1)));
    }

    [Fact]
    public void Problem_CpuOnlyRuntime_PointsAtTheGpuBuild()
    {
        var report = DeviceReport.Collect(["CPUExecutionProvider"], FakeLibraryProbe.AllPresent(), FakeGpuProbe.H200s(1));

        Assert.Contains("only CPUExecutionProvider: build SlideEmbed without -p:OnnxRuntimeFlavor=Cpu", report.Problem(s_cuda0), StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_ListProvidersGpusDriverAndEveryLibrary()
    {
        var libraries = FakeLibraryProbe.AllBut("libcudnn.so.9");
        var lines = DeviceReport.Collect(s_gpuBuild, libraries, FakeGpuProbe.H200s(1)).Lines().ToList();

        Assert.Equal("ONNX Runtime providers: TensorrtExecutionProvider, CUDAExecutionProvider, CPUExecutionProvider", lines[0]);
        Assert.Equal("GPUs (nvidia-smi, driver 580.95.05):", lines[1]);
        Assert.Equal("  cuda:0  NVIDIA H200  143771 MiB", lines[2]);
        Assert.Equal(RuntimeLibraries.All.Select(l => l.FileName), libraries.Asked);
        Assert.Single(lines, l => l.StartsWith("  missing  libcudnn.so.9", StringComparison.Ordinal) && l.Contains("nvidia-cudnn-cu13", StringComparison.Ordinal));
        Assert.Equal(RuntimeLibraries.All.Count - 1, lines.Count(l => l.StartsWith("  ok ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("cuda:0: cuda:0 was requested but libcudnn.so.9", StringComparison.Ordinal));
    }
}
