namespace SlideEmbed.Encoders;

/// <summary>Execution provider families.</summary>
public enum EncoderDeviceKind
{
    /// <summary>ONNX Runtime's CPU provider.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (needs the GPU build of ONNX Runtime and a GPU).</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT (needs the GPU build, TensorRT libraries and a GPU).</summary>
    TensorRT,
}
