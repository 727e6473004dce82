namespace SlideEmbed.Models;

/// <summary>Numeric type of a model's input and output tensors.</summary>
public enum ModelPrecision
{
    /// <summary>float32.</summary>
    Fp32,

    /// <summary>float16 (half precision); embeddings are stored as float16 too.</summary>
    Fp16,
}
