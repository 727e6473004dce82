using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx;

/// <content>CUDA and TensorRT providers: the checks before them, their options and the TensorRT caches.</content>
public sealed partial class OnnxTileEncoder
{
    /// <summary>Appends the device's provider; false (with the reason) when the device cannot be used.</summary>
    private static bool AppendGpuProvider(SessionOptions so, string modelPath, ModelManifest manifest, OnnxEncoderOptions options, EncoderDevice device, DeviceReport report, out string? trtCache, out string? problem)
    {
        trtCache = null;
        problem = report.Problem(device);
        if (problem is not null)
        {
            return false;
        }

        try
        {
            if (device.Kind == EncoderDeviceKind.TensorRT)
            {
                trtCache = TensorRtCacheFolder(options.Gpu.TensorRtCache, modelPath, device, report);
                using var trt = new OrtTensorRTProviderOptions();
                trt.UpdateOptions(TensorRtOptions(trtCache, manifest, options, device));
                so.AppendExecutionProvider_Tensorrt(trt);
            }

            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(CudaOptions(options.Gpu, device.Index));
            so.AppendExecutionProvider_CUDA(cuda);
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            problem = $"{device} could not be initialised: {FirstLine(e.Message)}";
            return false;
        }
    }

    /// <summary>The CUDA provider's option strings for the settings.</summary>
    internal static Dictionary<string, string> CudaOptions(GpuSessionSettings s, int deviceId)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = deviceId.ToString(CultureInfo.InvariantCulture),
            ["arena_extend_strategy"] = s.ArenaExtend switch
            {
                "same-as-requested" => "kSameAsRequested",
                "next-power-of-two" => "kNextPowerOfTwo",
                _ => throw new ArgumentException($"Unknown CUDA arena strategy '{s.ArenaExtend}': use same-as-requested or next-power-of-two."),
            },
            ["cudnn_conv_algo_search"] = s.ConvSearch switch
            {
                "heuristic" => "HEURISTIC",
                "exhaustive" => "EXHAUSTIVE",
                "default" => "DEFAULT",
                _ => throw new ArgumentException($"Unknown cuDNN search '{s.ConvSearch}': use heuristic, exhaustive or default."),
            },
            ["do_copy_in_default_stream"] = s.CopyInDefaultStream ? "1" : "0",
            ["use_tf32"] = s.Tf32 ? "1" : "0",
        };
        if (s.MemoryLimitMiB > 0)
        {
            options["gpu_mem_limit"] = (s.MemoryLimitMiB * 1024 * 1024).ToString(CultureInfo.InvariantCulture);
        }

        return options;
    }

    /// <summary>The TensorRT provider's option strings: fp16, caches keyed by model, GPU and TensorRT version, a batch profile.</summary>
    internal static Dictionary<string, string> TensorRtOptions(string cache, ModelManifest manifest, OnnxEncoderOptions options, EncoderDevice device)
    {
        Directory.CreateDirectory(cache);
        var size = manifest.InputSize.ToString(CultureInfo.InvariantCulture);
        string Shape(int batch) => string.Create(CultureInfo.InvariantCulture, $"{manifest.InputName}:{batch}x3x{size}x{size}");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = device.Index.ToString(CultureInfo.InvariantCulture),
            ["trt_fp16_enable"] = options.Gpu.TensorRtFp16 ? "1" : "0",
            ["trt_engine_cache_enable"] = "1",
            ["trt_engine_cache_path"] = cache,
            ["trt_timing_cache_enable"] = "1",
            ["trt_timing_cache_path"] = cache,
            ["trt_max_workspace_size"] = ((long)options.Gpu.TensorRtWorkspaceMiB * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["trt_profile_min_shapes"] = Shape(1),
            ["trt_profile_opt_shapes"] = Shape(options.BatchSize),
            ["trt_profile_max_shapes"] = Shape(options.BatchSize),
        };
    }

    /// <summary>
    /// <c>root/&lt;model sha-256, 16 hex&gt;-&lt;GPU name&gt;-trt&lt;version&gt;</c>: an engine built for one model,
    /// GPU and TensorRT is never reused for another.
    /// </summary>
    internal static string TensorRtCacheFolder(string root, string modelPath, EncoderDevice device, DeviceReport report)
    {
        string hash;
        using (var stream = File.OpenRead(modelPath))
        {
            hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        }

        var gpu = report.Gpus.Gpus.FirstOrDefault(g => g.Index == device.Index)?.Name ?? "gpu";
        var safeGpu = new string([.. gpu.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
        return Path.Combine(GpuSessionSettings.ExpandHome(root), $"{hash}-{safeGpu}-trt{report.TensorRtVersion ?? "unknown"}");
    }

    /// <summary>Logs how long TensorRT took to build its engine when the cache held none before.</summary>
    private static void LogTensorRtBuild(string cache, bool hadEngine, Stopwatch clock, Action<string>? log)
    {
        if (!hadEngine && log is not null)
        {
            log(string.Create(CultureInfo.InvariantCulture, $"TensorRT built its engine in {clock.Elapsed.TotalSeconds:F1} s; cached in {cache}"));
        }
    }

    /// <summary>True when the folder holds a TensorRT engine already.</summary>
    private static bool HasEngine(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.engine").Any();

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
}
