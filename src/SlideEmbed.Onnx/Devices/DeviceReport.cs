using System.Globalization;
using SlideEmbed.Encoders;

namespace SlideEmbed.Onnx.Devices;

/// <summary>
/// What this build and this machine offer for inference: ONNX Runtime's providers, the GPUs and driver,
/// and whether each library the GPU providers load can be loaded. Immutable.
/// </summary>
/// <param name="Providers">Execution providers compiled into the loaded ONNX Runtime.</param>
/// <param name="Gpus">The GPU survey.</param>
/// <param name="Libraries">One check per entry of <see cref="RuntimeLibraries.All"/>.</param>
/// <param name="TensorRtVersion">TensorRT's version, or null when it cannot be loaded.</param>
public sealed record DeviceReport(IReadOnlyList<string> Providers, GpuSurvey Gpus, IReadOnlyList<LibraryCheck> Libraries, string? TensorRtVersion)
{
    /// <summary>ONNX Runtime's name for the CUDA provider.</summary>
    public const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>ONNX Runtime's name for the TensorRT provider.</summary>
    public const string TensorRtProvider = "TensorrtExecutionProvider";

    /// <summary>Collects the facts through the given probes.</summary>
    /// <param name="providers">ONNX Runtime's available providers.</param>
    /// <param name="libraries">The library loader.</param>
    /// <param name="gpus">The GPU lister.</param>
    /// <returns>The report.</returns>
    public static DeviceReport Collect(IReadOnlyList<string> providers, INativeLibraryProbe libraries, IGpuProbe gpus)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(libraries);
        ArgumentNullException.ThrowIfNull(gpus);
        var checks = RuntimeLibraries.All.Select(l => new LibraryCheck(l, libraries.CanLoad(l.FileName))).ToList();
        var trt = checks.Where(c => c.Library.TensorRtOnly).All(c => c.Loaded) ? libraries.TensorRtVersion() : null;
        return new DeviceReport(providers, gpus.Survey(), checks, trt);
    }

    /// <summary>Why <paramref name="device"/> cannot be used, as one sentence naming the fix; null when it can.</summary>
    /// <param name="device">A GPU device (the CPU is always usable).</param>
    /// <returns>The problem or null.</returns>
    public string? Problem(EncoderDevice device)
    {
        if (device.Kind == EncoderDeviceKind.Cpu)
        {
            return null;
        }

        var provider = device.Kind == EncoderDeviceKind.Cuda ? CudaProvider : TensorRtProvider;
        if (!Providers.Contains(provider))
        {
            return $"{device} was requested but this build's ONNX Runtime has only {string.Join(", ", Providers)}: build SlideEmbed without -p:OnnxRuntimeFlavor=Cpu";
        }

        if (Gpus.Gpus.Count == 0)
        {
            return $"{device} was requested but no NVIDIA GPU is usable ({Gpus.Problem ?? "none listed"})";
        }

        if (device.Index >= Gpus.Gpus.Count)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{device} was requested but this machine has {Gpus.Gpus.Count} GPU(s), cuda:0 to cuda:{Gpus.Gpus.Count - 1}");
        }

        var missing = Libraries.FirstOrDefault(c => !c.Loaded && (device.Kind == EncoderDeviceKind.TensorRT || !c.Library.TensorRtOnly));
        return missing is null
            ? null
            : $"{device} was requested but {missing.Library.FileName} ({missing.Library.Component}) cannot be loaded: {missing.Library.InstallHint}";
    }

    /// <summary>The report as readable lines, as <c>slideembed devices</c> prints it.</summary>
    /// <returns>The lines.</returns>
    public IEnumerable<string> Lines()
    {
        yield return $"ONNX Runtime providers: {string.Join(", ", Providers)}";
        if (Gpus.Gpus.Count == 0)
        {
            yield return $"GPUs ({Gpus.Source}): none ({Gpus.Problem ?? "none listed"})";
        }
        else
        {
            yield return $"GPUs ({Gpus.Source}, driver {Gpus.DriverVersion ?? "unknown"}):";
            foreach (var g in Gpus.Gpus)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"  cuda:{g.Index}  {g.Name}  {g.MemoryMiB} MiB");
            }
        }

        yield return "Libraries the GPU providers load:";
        foreach (var c in Libraries)
        {
            var who = c.Library.TensorRtOnly ? "tensorrt" : "cuda, tensorrt";
            yield return c.Loaded
                ? $"  ok       {c.Library.FileName,-22} {c.Library.Component} (for {who})"
                : $"  missing  {c.Library.FileName,-22} {c.Library.Component} (for {who}): {c.Library.InstallHint}";
        }

        yield return $"TensorRT version: {TensorRtVersion ?? "not loadable"}";
        foreach (var device in new[] { new EncoderDevice(EncoderDeviceKind.Cuda, 0), new EncoderDevice(EncoderDeviceKind.TensorRT, 0) })
        {
            yield return $"{device}: {Problem(device) ?? "usable"}";
        }
    }

    /// <summary>The facts in one line, for the top of a GPU run's log.</summary>
    /// <returns>The line.</returns>
    public string Summary()
    {
        var gpus = Gpus.Gpus.Count == 0
            ? "no GPU"
            : string.Join("; ", Gpus.Gpus.Select(g => string.Create(CultureInfo.InvariantCulture, $"cuda:{g.Index} {g.Name} {g.MemoryMiB} MiB")));
        return $"devices: {gpus}; driver {Gpus.DriverVersion ?? "none"}; TensorRT {TensorRtVersion ?? "absent"}; providers {string.Join(", ", Providers)}";
    }
}
