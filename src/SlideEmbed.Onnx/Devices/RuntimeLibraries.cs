namespace SlideEmbed.Onnx.Devices;

/// <summary>
/// The libraries ONNX Runtime 1.32's CUDA and TensorRT providers load (their ELF dependencies, and cuDNN,
/// which the CUDA provider opens itself), with what to install when one is missing.
/// </summary>
public static class RuntimeLibraries
{
    /// <summary>TensorRT's core library.</summary>
    public const string TensorRtLibrary = "libnvinfer.so.10";

    private const string CudaHint = "install the CUDA 13 runtime (apt: cuda-libraries-13-0; pip: nvidia-cuda-runtime nvidia-cublas nvidia-curand) and put its lib folder on LD_LIBRARY_PATH";

    /// <summary>Every library, the driver's first.</summary>
    public static IReadOnlyList<RuntimeLibrary> All { get; } =
    [
        new("libcuda.so.1", "NVIDIA driver", false, "install the NVIDIA driver (580 or later for CUDA 13)"),
        new("libcudart.so.13", "CUDA 13 runtime", false, CudaHint),
        new("libcublas.so.13", "CUDA 13 cuBLAS", false, CudaHint),
        new("libcublasLt.so.13", "CUDA 13 cuBLASLt", false, CudaHint),
        new("libcurand.so.10", "CUDA 13 cuRAND", false, CudaHint),
        new("libcudnn.so.9", "cuDNN 9", false, "install cuDNN 9 for CUDA 13 (apt: libcudnn9-cuda-13; pip: nvidia-cudnn-cu13) and put its lib folder on LD_LIBRARY_PATH"),
        new(TensorRtLibrary, "TensorRT 10", true, "install TensorRT 10 for CUDA 13 (apt: libnvinfer10; pip: tensorrt-cu13-libs) and put its lib folder on LD_LIBRARY_PATH"),
        new("libnvonnxparser.so.10", "TensorRT 10 ONNX parser", true, "install TensorRT 10's ONNX parser (apt: libnvonnxparsers10; pip: tensorrt-cu13-libs)"),
    ];
}
