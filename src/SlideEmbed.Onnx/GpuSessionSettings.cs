namespace SlideEmbed.Onnx;

/// <summary>
/// Settings of ONNX Runtime's CUDA and TensorRT providers. The defaults favour fidelity and predictable memory:
/// TF32 off, the CUDA arena grown only by what is requested, cuDNN's heuristic convolution choice.
/// Immutable.
/// </summary>
public sealed class GpuSessionSettings
{
    /// <summary>The default TensorRT cache folder, <c>~/.cache/slideembed/trt</c>.</summary>
    public static string DefaultTensorRtCache { get; } = "~/.cache/slideembed/trt";

    /// <summary>Replaces a leading <c>~</c> by the home folder.</summary>
    /// <param name="path">A path.</param>
    /// <returns>The expanded path.</returns>
    public static string ExpandHome(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
    }

    /// <summary>GPU memory limit of the CUDA arena in MiB per device; 0 (default) = no limit.</summary>
    public long MemoryLimitMiB { get; init; }

    /// <summary>How the CUDA arena grows: <c>same-as-requested</c> (default) or <c>next-power-of-two</c>.</summary>
    public string ArenaExtend { get; init; } = "same-as-requested";

    /// <summary>cuDNN convolution algorithm search: <c>heuristic</c> (default), <c>exhaustive</c> or <c>default</c>.</summary>
    public string ConvSearch { get; init; } = "heuristic";

    /// <summary>Allow TF32 matrix maths on Ampere and later; default false (full fp32 fidelity).</summary>
    public bool Tf32 { get; init; }

    /// <summary>Copy inputs and outputs in CUDA's default stream; default true (ONNX Runtime's default).</summary>
    public bool CopyInDefaultStream { get; init; } = true;

    /// <summary>Let TensorRT build fp16 kernels; default false.</summary>
    public bool TensorRtFp16 { get; init; }

    /// <summary>Folder of TensorRT engine and timing caches (a leading <c>~</c> is the home folder); one sub-folder per model hash, GPU and TensorRT version.</summary>
    public string TensorRtCache { get; init; } = DefaultTensorRtCache;

    /// <summary>TensorRT builder workspace in MiB; default 4096.</summary>
    public int TensorRtWorkspaceMiB { get; init; } = 4096;
}
