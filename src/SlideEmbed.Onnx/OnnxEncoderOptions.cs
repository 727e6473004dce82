using SlideEmbed.Encoders;
using SlideEmbed.Onnx.Devices;

namespace SlideEmbed.Onnx;

/// <summary>How ONNX Runtime sessions are created. Immutable.</summary>
public sealed class OnnxEncoderOptions
{
    /// <summary>Devices to run on, one session each; default the CPU. <c>cuda:all</c> stands for every GPU the driver lists.</summary>
    public IReadOnlyList<EncoderDevice> Devices { get; init; } = [EncoderDevice.Cpu];

    /// <summary>When a GPU device cannot be used, run on the CPU instead of failing; default false.</summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>Intra-op threads per CPU session; 0 lets ONNX Runtime use every core (default).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether idle intra-op threads spin while waiting for work (ONNX Runtime's
    /// <c>session.intra_op.allow_spinning</c>); default true, ONNX Runtime's own default.
    /// </summary>
    public bool IntraOpSpinning { get; init; } = true;

    /// <summary>Graph optimisation: <c>none</c>, <c>basic</c>, <c>extended</c> or <c>all</c> (default).</summary>
    public string OptimizationLevel { get; init; } = "all";

    /// <summary>Tiles per batch; default 32. Also the largest batch of TensorRT's optimisation profile.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Run one batch of zeros at load so the first real batch is not slowed by lazy initialisation; default true.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>
    /// Run through an I/O binding: the input is bound from a reused buffer (page-locked host memory on a GPU)
    /// and the output lands in host memory that ONNX Runtime's arena reuses; default true. False runs each
    /// batch with a plain <c>Run</c> call; the embeddings are the same.
    /// </summary>
    public bool IoBinding { get; init; } = true;

    /// <summary>CUDA and TensorRT provider settings.</summary>
    public GpuSessionSettings Gpu { get; init; } = new();

    /// <summary>Loads libraries for the device diagnostics; replaced in tests.</summary>
    internal INativeLibraryProbe LibraryProbe { get; init; } = NativeLibraryProbe.Instance;

    /// <summary>Lists GPUs for the device diagnostics; replaced in tests.</summary>
    internal IGpuProbe GpuProbe { get; init; } = NvidiaSmiProbe.Instance;
}
