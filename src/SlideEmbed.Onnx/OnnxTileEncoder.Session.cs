using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SlideEmbed.Encoders;
using SlideEmbed.Models;
using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx;

/// <content>Session creation, execution providers and model checks.</content>
public sealed partial class OnnxTileEncoder
{
    private static OnnxTileEncoder CreateOne(string modelPath, ModelManifest manifest, OnnxEncoderOptions options, EncoderDevice device, Lazy<DeviceReport> report, Action<string>? warnings)
    {
        using var sessionOptions = CreateSessionOptions(options);
        var deviceName = "cpu";
        string? trtCache = null;
        if (device.Kind != EncoderDeviceKind.Cpu)
        {
            if (!AppendGpuProvider(sessionOptions, modelPath, manifest, options, device, report.Value, out trtCache, out var problem))
            {
                return FallBack(problem!, modelPath, manifest, options, report, warnings);
            }

            deviceName = device.ToString();
        }

        var hadEngine = trtCache is not null && HasEngine(trtCache);
        var clock = Stopwatch.StartNew();
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e) when (device.Kind != EncoderDeviceKind.Cpu)
        {
            return FallBack($"{device} could not start a session: {FirstLine(e.Message)}", modelPath, manifest, options, report, warnings);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelManifestException($"ONNX Runtime cannot load model '{manifest.Name}' from '{modelPath}': {e.Message}", e);
        }

        if (trtCache is not null)
        {
            LogTensorRtBuild(trtCache, hadEngine, clock, warnings);
        }

        try
        {
            CheckModel(session, manifest, modelPath);
            var encoder = new OnnxTileEncoder(session, manifest, deviceName, options);
            if (options.WarmUp)
            {
                encoder.WarmUpOnce();
            }

            return encoder;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Session options from the encoder settings (optimisation level, threads, spinning), without an execution provider.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The options; the caller disposes them.</returns>
    internal static SessionOptions CreateSessionOptions(OnnxEncoderOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.OptimizationLevel.ToLowerInvariant() switch
            {
                "none" or "disable" => GraphOptimizationLevel.ORT_DISABLE_ALL,
                "basic" => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                "extended" => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                "all" => GraphOptimizationLevel.ORT_ENABLE_ALL,
                _ => throw new ArgumentException($"Unknown optimisation level '{options.OptimizationLevel}': use none, basic, extended or all."),
            },
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Math.Max(0, options.IntraOpThreads),
            InterOpNumThreads = 1,
        };
        if (!options.IntraOpSpinning)
        {
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        return sessionOptions;
    }

    /// <summary>
    /// Appends the CUDA provider for <paramref name="device"/> to a session that is not a tile encoder's
    /// (a segmenter's), with the same checks and settings; falls back to the CPU when allowed.
    /// </summary>
    /// <param name="so">The session options.</param>
    /// <param name="device">A CUDA or TensorRT device (TensorRT runs such sessions through its CUDA provider).</param>
    /// <param name="options">The settings (GPU options, fallback).</param>
    /// <param name="warnings">Receives the fallback warning.</param>
    /// <returns>The device the session will use.</returns>
    /// <exception cref="EncoderUnavailableException">The device cannot be used and fallback is not allowed.</exception>
    internal static string AppendGpuProvider(SessionOptions so, EncoderDevice device, OnnxEncoderOptions options, Action<string>? warnings)
    {
        var problem = DeviceReport.Collect(AvailableProviders(), options.LibraryProbe, options.GpuProbe).Problem(device);
        if (problem is null)
        {
            try
            {
                using var cuda = new OrtCUDAProviderOptions();
                cuda.UpdateOptions(CudaOptions(options.Gpu, device.Index));
                so.AppendExecutionProvider_CUDA(cuda);
                return $"cuda:{device.Index}";
            }
            catch (OnnxRuntimeException e)
            {
                problem = $"{device} could not be initialised: {FirstLine(e.Message)}";
            }
        }

        if (!options.AllowCpuFallback)
        {
            throw new EncoderUnavailableException($"{problem}; or run on the CPU with --device cpu (or allow --allow-cpu-fallback).");
        }

        warnings?.Invoke($"warning: {problem}. Falling back to the CPU as --allow-cpu-fallback permits; this is much slower.");
        return EncoderDevice.Cpu.ToString();
    }

    private static OnnxTileEncoder FallBack(string problem, string modelPath, ModelManifest manifest, OnnxEncoderOptions options, Lazy<DeviceReport> report, Action<string>? warnings)
    {
        if (!options.AllowCpuFallback)
        {
            throw new EncoderUnavailableException($"{problem}; or run on the CPU with --device cpu (or allow --allow-cpu-fallback).");
        }

        warnings?.Invoke($"warning: {problem}. Falling back to the CPU as --allow-cpu-fallback permits; this is much slower.");
        return CreateOne(modelPath, manifest, options, EncoderDevice.Cpu, report, warnings);
    }

    private static void CheckModel(InferenceSession session, ModelManifest m, string path)
    {
        if (!session.InputMetadata.TryGetValue(m.InputName, out var input))
        {
            throw new ModelManifestException($"Model '{path}' has no input '{m.InputName}' (it has: {string.Join(", ", session.InputMetadata.Keys)}); fix onnx.input in {m.ManifestPath}.");
        }

        var expectedType = m.Precision == ModelPrecision.Fp16 ? TensorElementType.Float16 : TensorElementType.Float;
        var dims = input.Dimensions;
        if (input.ElementDataType != expectedType || dims.Length != 4 || (dims[1] != 3 && dims[1] > 0)
            || (dims[2] > 0 && dims[2] != m.InputSize) || (dims[3] > 0 && dims[3] != m.InputSize))
        {
            throw new ModelManifestException(string.Create(CultureInfo.InvariantCulture,
                $"Model '{path}' input '{m.InputName}' is {input.ElementDataType} [{string.Join(", ", dims)}], but the manifest expects {expectedType} [batch, 3, {m.InputSize}, {m.InputSize}]."));
        }

        if (!session.OutputMetadata.TryGetValue(m.OutputName, out var output))
        {
            throw new ModelManifestException($"Model '{path}' has no output '{m.OutputName}' (it has: {string.Join(", ", session.OutputMetadata.Keys)}); fix onnx.output in {m.ManifestPath}.");
        }

        var od = output.Dimensions;
        var rank = m.Recipe == OutputRecipe.Pooled ? 2 : 3;
        var width = m.Recipe == OutputRecipe.ClsMean ? m.Dimension / 2 : m.Dimension;
        if (od.Length != rank || (od[^1] > 0 && od[^1] != width) || (m.Recipe == OutputRecipe.ClsMean && m.Dimension % 2 != 0))
        {
            throw new ModelManifestException(string.Create(CultureInfo.InvariantCulture,
                $"Model '{path}' output '{m.OutputName}' is [{string.Join(", ", od)}], but recipe {m.Recipe} with dimension {m.Dimension} needs rank {rank} with last dimension {width}."));
        }

        if (m.Recipe == OutputRecipe.ClsMean && od[1] > 0 && m.PrefixTokens >= od[1])
        {
            throw new ModelManifestException(string.Create(CultureInfo.InvariantCulture,
                $"Model '{path}' returns {od[1]} tokens, but output.prefix_tokens in {m.ManifestPath} is {m.PrefixTokens}: no patch token would be left to average. Set prefix_tokens to 1 plus the number of register tokens."));
        }
    }

    private void WarmUpOnce()
    {
        var batch = new EncoderBatch(1, InputSize, Precision);
        batch.Count = 1;
        if (batch.Floats is not null)
        {
            Array.Clear(batch.Floats);
        }
        else
        {
            Array.Clear(batch.Halves!);
        }

        var sink = new float[Dimension];
        Encode(batch, sink);
        if (sink.Length != Dimension)
        {
            throw new ModelManifestException($"Model '{_manifest.Name}' produced {sink.Length} values; the manifest says {Dimension}.");
        }
    }
}
