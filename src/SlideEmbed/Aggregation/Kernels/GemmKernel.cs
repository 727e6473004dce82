namespace SlideEmbed.Aggregation.Kernels;

/// <summary>Which SIMD micro-kernel <see cref="Gemm"/> uses; tests force each one.</summary>
internal enum GemmKernel
{
    /// <summary>The widest accelerated one: 512-bit when available, else 256-bit.</summary>
    Auto,

    /// <summary>6 x 16 register tile with 256-bit vectors (AVX2 + FMA on x64).</summary>
    Vector256,

    /// <summary>12 x 32 and 12 x 16 register tiles with 512-bit vectors (AVX-512 on x64).</summary>
    Vector512,
}
