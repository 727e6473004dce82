using SlideEmbed.Onnx;

namespace SlideEmbed.Cli.Commands;

/// <summary>Turns the run's settings into ONNX Runtime sessions; on a GPU, the device facts go to the log first.</summary>
public static class EncoderSessions
{
    /// <summary>The session options the settings ask for.</summary>
    /// <param name="options">The run's settings.</param>
    /// <param name="devices">The parsed devices.</param>
    /// <returns>The options.</returns>
    public static OnnxEncoderOptions Options(SlideEmbedOptions options, IReadOnlyList<EncoderDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OnnxEncoderOptions
        {
            Devices = devices,
            AllowCpuFallback = options.AllowCpuFallback,
            IntraOpThreads = options.Threads,
            OptimizationLevel = options.Optimization,
            BatchSize = options.BatchSize,
            IoBinding = options.IoBinding,
            Gpu = new GpuSessionSettings
            {
                MemoryLimitMiB = options.CudaMemLimitMib,
                ArenaExtend = options.CudaArena,
                ConvSearch = options.CudnnConvSearch,
                Tf32 = options.CudaTf32,
                CopyInDefaultStream = options.CudaCopyDefaultStream,
                TensorRtFp16 = options.TrtFp16,
                TensorRtCache = options.TrtCache,
                TensorRtWorkspaceMiB = options.TrtWorkspaceMib,
            },
        };
    }

    /// <summary>Creates one session per device. A GPU run first logs the device summary (GPUs, driver, TensorRT) once it is known to work.</summary>
    /// <param name="modelPath">The ONNX file.</param>
    /// <param name="manifest">Its manifest.</param>
    /// <param name="options">The run's settings.</param>
    /// <param name="devices">The parsed devices.</param>
    /// <param name="log">Receives warnings and the device summary.</param>
    /// <returns>The encoders.</returns>
    /// <exception cref="EncoderUnavailableException">A requested GPU cannot be used and fallback is off.</exception>
    public static IReadOnlyList<OnnxTileEncoder> Create(string modelPath, ModelManifest manifest, SlideEmbedOptions options, IReadOnlyList<EncoderDevice> devices, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(log);
        var encoders = OnnxTileEncoder.Create(modelPath, manifest, Options(options, devices), log);
        if (devices.Any(d => d.Kind != EncoderDeviceKind.Cpu))
        {
            log(OnnxTileEncoder.DescribeDevices().Summary());
            log($"sessions: {string.Join(", ", encoders.Select(e => e.Device + (e.UsesPinnedInput ? " (pinned I/O binding)" : e.UsesIoBinding ? " (I/O binding)" : string.Empty)))}");
        }

        return encoders;
    }
}
