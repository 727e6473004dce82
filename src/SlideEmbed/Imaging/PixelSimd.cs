namespace SlideEmbed.Imaging;

/// <summary>
/// Which implementation the 8-bit pixel kernels run (<see cref="PremultipliedArgb"/>, the
/// resampler and the normalisation of <c>SlideEmbed.Preprocessing</c>). Every implementation gives
/// identical results; tests force each one and compare it with <see cref="Scalar"/>.
/// </summary>
internal enum PixelSimd
{
    /// <summary>The fastest one this CPU runs (<see cref="PixelSimdSupport.Best"/>).</summary>
    Auto,

    /// <summary>Plain loops, the reference.</summary>
    Scalar,

    /// <summary>128-bit vectors through the portable <c>Vector128</c> API (SSE4.1 on x64, AdvSimd on Arm64).</summary>
    Vector128,

    /// <summary>256-bit vectors with AVX2 intrinsics (x64).</summary>
    Avx2,
}
