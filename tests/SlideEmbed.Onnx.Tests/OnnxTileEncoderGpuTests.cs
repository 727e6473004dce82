using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx.Devices;
using SlideEmbed.Onnx.Tests.Devices;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Onnx.Tests;

public sealed class OnnxTileEncoderGpuTests
{
    private static readonly ModelManifest s_manifest = ModelManifest.Load(Path.Combine(ModelsDir, "tiny-cls.json"));

    private static string ModelsDir => Path.Combine(TestAssets.RepoRoot, "tests", "models");

    private static string ModelPath => Path.Combine(ModelsDir, s_manifest.OnnxFile);

    [Theory]
    [InlineData("cuda:0")]
    [InlineData("tensorrt:1")]
    public void Create_NoGpuOnTheMachine_OneLineErrorUnlessFallbackAllowed(string device)
    {
        var options = new OnnxEncoderOptions { Devices = [EncoderDevice.Parse(device)], LibraryProbe = new FakeLibraryProbe([]), GpuProbe = FakeGpuProbe.None };

        var e = Assert.Throws<EncoderUnavailableException>(() => OnnxTileEncoder.Create(ModelPath, s_manifest, options));
        Assert.Equal($"{device} was requested but no NVIDIA GPU is usable (nvidia-smi not found: no NVIDIA driver is installed); or run on the CPU with --device cpu (or allow --allow-cpu-fallback).", e.Message);

        var warnings = new List<string>();
        var fallback = OnnxTileEncoder.Create(ModelPath, s_manifest, new OnnxEncoderOptions { Devices = options.Devices, AllowCpuFallback = true, LibraryProbe = options.LibraryProbe, GpuProbe = options.GpuProbe }, warnings.Add);
        using var _ = fallback[0];
        Assert.Equal("cpu", fallback[0].Device);
        Assert.Single(warnings, w => w.Contains("Falling back to the CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_CudaLibraryMissing_ErrorNamesItBeforeOnnxRuntimeTries()
    {
        var options = new OnnxEncoderOptions { Devices = [new EncoderDevice(EncoderDeviceKind.Cuda, 0)], LibraryProbe = FakeLibraryProbe.AllBut("libcudnn.so.9"), GpuProbe = FakeGpuProbe.H200s(1) };

        var e = Assert.Throws<EncoderUnavailableException>(() => OnnxTileEncoder.Create(ModelPath, s_manifest, options));

        Assert.StartsWith("cuda:0 was requested but libcudnn.so.9 (cuDNN 9) cannot be loaded: install cuDNN 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ProviderFailsInsideOnnxRuntime_OneLineWithOnnxRuntimesReason()
    {
        // The probes say all is well, so ONNX Runtime itself tries (and fails) to load the CUDA provider here.
        Assert.SkipWhen(NvidiaSmiProbe.Instance.Survey().Gpus.Count > 0, "This machine has an NVIDIA GPU.");
        var options = new OnnxEncoderOptions { Devices = [new EncoderDevice(EncoderDeviceKind.Cuda, 0)], LibraryProbe = FakeLibraryProbe.AllPresent(), GpuProbe = FakeGpuProbe.H200s(1) };

        var e = Assert.Throws<EncoderUnavailableException>(() => OnnxTileEncoder.Create(ModelPath, s_manifest, options));

        Assert.StartsWith("cuda:0 could not be initialised: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("; or run on the CPU with --device cpu (or allow --allow-cpu-fallback).", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Create_CudaAllWithTwoGpus_OneSessionPerGpu()
    {
        var warnings = new List<string>();
        var options = new OnnxEncoderOptions
        {
            Devices = EncoderDevice.ParseList("cuda:all"),
            AllowCpuFallback = true,
            IntraOpThreads = 1,
            LibraryProbe = FakeLibraryProbe.AllBut("libcudart.so.13"),
            GpuProbe = FakeGpuProbe.H200s(2),
        };

        var encoders = OnnxTileEncoder.Create(ModelPath, s_manifest, options, warnings.Add);
        foreach (var e in encoders)
        {
            e.Dispose();
        }

        // Both GPUs were tried (each fell back to the CPU here, where libcudart is "missing").
        Assert.Equal(2, encoders.Count);
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("warning: cuda:0 was requested but libcudart.so.13", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("warning: cuda:1 was requested but libcudart.so.13", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CudaAll_IsTheAllIndexAndPrintsBack()
    {
        var device = EncoderDevice.Parse("CUDA:all");

        Assert.Equal(new EncoderDevice(EncoderDeviceKind.Cuda, EncoderDevice.AllIndex), device);
        Assert.Equal("cuda:all", device.ToString());
        Assert.Throws<FormatException>(() => EncoderDevice.Parse("cpu:all"));
    }

    [Fact]
    public void CudaOptions_Defaults_FidelityFirst()
    {
        var options = OnnxTileEncoder.CudaOptions(new GpuSessionSettings(), 1);

        Assert.Equal("1", options["device_id"]);
        Assert.Equal("0", options["use_tf32"]);
        Assert.Equal("kSameAsRequested", options["arena_extend_strategy"]);
        Assert.Equal("HEURISTIC", options["cudnn_conv_algo_search"]);
        Assert.Equal("1", options["do_copy_in_default_stream"]);
        Assert.False(options.ContainsKey("gpu_mem_limit"));
    }

    [Fact]
    public void CudaOptions_Settings_MappedToProviderKeys()
    {
        var options = OnnxTileEncoder.CudaOptions(new GpuSessionSettings { MemoryLimitMiB = 2048, ArenaExtend = "next-power-of-two", ConvSearch = "exhaustive", Tf32 = true, CopyInDefaultStream = false }, 0);

        Assert.Equal("2147483648", options["gpu_mem_limit"]);
        Assert.Equal("kNextPowerOfTwo", options["arena_extend_strategy"]);
        Assert.Equal("EXHAUSTIVE", options["cudnn_conv_algo_search"]);
        Assert.Equal("1", options["use_tf32"]);
        Assert.Equal("0", options["do_copy_in_default_stream"]);
        Assert.Throws<ArgumentException>(() => OnnxTileEncoder.CudaOptions(new GpuSessionSettings { ConvSearch = "fastest" }, 0));
    }

    [Fact]
    public void TensorRtOptions_Fp16ProfileAndCacheKeyedByModelGpuAndVersion()
    {
        using var temp = new TempFolder();
        var report = DeviceReport.Collect(["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"], FakeLibraryProbe.AllPresent("10.13.3"), FakeGpuProbe.H200s(1));
        var device = new EncoderDevice(EncoderDeviceKind.TensorRT, 0);

        var folder = OnnxTileEncoder.TensorRtCacheFolder(temp.Path, ModelPath, device, report);
        var options = OnnxTileEncoder.TensorRtOptions(folder, s_manifest, new OnnxEncoderOptions { BatchSize = 64, Gpu = new GpuSessionSettings { TensorRtFp16 = true, TensorRtWorkspaceMiB = 1024 } }, device);

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ModelPath)))[..16];
        Assert.Equal(Path.Combine(temp.Path, $"{sha}-NVIDIA_H200-trt10.13.3"), folder);
        Assert.True(Directory.Exists(folder));
        Assert.Equal("1", options["trt_fp16_enable"]);
        Assert.Equal(folder, options["trt_engine_cache_path"]);
        Assert.Equal(folder, options["trt_timing_cache_path"]);
        Assert.Equal("1073741824", options["trt_max_workspace_size"]);
        var size = s_manifest.InputSize;
        Assert.Equal($"{s_manifest.InputName}:1x3x{size}x{size}", options["trt_profile_min_shapes"]);
        Assert.Equal($"{s_manifest.InputName}:64x3x{size}x{size}", options["trt_profile_max_shapes"]);
    }
}
