using SlideEmbed.Encoders;

namespace SlideEmbed.Onnx;

/// <summary>How ONNX Runtime sessions are created. Immutable.</summary>
public sealed class OnnxEncoderOptions
{
    /// <summary>Devices to run on, one session each; default the CPU.</summary>
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

    /// <summary>Tiles per batch; default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Run one batch of zeros at load so the first real batch is not slowed by lazy initialisation; default true.</summary>
    public bool WarmUp { get; init; } = true;
}
