using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SlideEmbed.Aggregation.Kernels;

/// <content>
/// The float-vector operations of the width-generic kernels, for TVector = Vector512&lt;float&gt; or
/// Vector256&lt;float&gt;. typeof(TVector) is a constant in each instantiation, so the JIT keeps one
/// branch and the bit casts cost nothing.
/// </content>
internal static partial class VectorMath
{
    // Every lane value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Create<TVector>(float value)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.Create(value)) : Of<TVector>(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Add<TVector>(TVector x, TVector y)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(As512(x) + As512(y)) : Of<TVector>(As256(x) + As256(y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Multiply<TVector>(TVector x, TVector y)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(As512(x) * As512(y)) : Of<TVector>(As256(x) * As256(y));

    // x * y + z, fused where the hardware has FMA.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector MultiplyAdd<TVector>(TVector x, TVector y, TVector z)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.MultiplyAddEstimate(As512(x), As512(y), As512(z))) : Of<TVector>(Vector256.MultiplyAddEstimate(As256(x), As256(y), As256(z)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Max<TVector>(TVector x, TVector y)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.Max(As512(x), As512(y))) : Of<TVector>(Vector256.Max(As256(x), As256(y)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Round<TVector>(TVector x)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.Round(As512(x))) : Of<TVector>(Vector256.Round(As256(x)));

    // All bits set in the lanes where x < y.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector LessThan<TVector>(TVector x, TVector y)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.LessThan(As512(x), As512(y))) : Of<TVector>(Vector256.LessThan(As256(x), As256(y)));

    // x with the lanes of mask cleared.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector AndNot<TVector>(TVector x, TVector mask)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(Vector512.AndNot(As512(x), As512(mask))) : Of<TVector>(Vector256.AndNot(As256(x), As256(mask)));

    // 2^n for whole-number lanes n in [-127, 127], built from the exponent bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector PowerOfTwo<TVector>(TVector n)
        where TVector : struct
        => Is512<TVector>() ? Of<TVector>(((Vector512.ConvertToInt32(As512(n)) + Vector512.Create(127)) << 23).AsSingle()) : Of<TVector>(((Vector256.ConvertToInt32(As256(n)) + Vector256.Create(127)) << 23).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is512<TVector>() => typeof(TVector) == typeof(Vector512<float>);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> As512<TVector>(TVector x)
        where TVector : struct => Unsafe.BitCast<TVector, Vector512<float>>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> As256<TVector>(TVector x)
        where TVector : struct => Unsafe.BitCast<TVector, Vector256<float>>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Of<TVector>(Vector512<float> x)
        where TVector : struct => Unsafe.BitCast<Vector512<float>, TVector>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Of<TVector>(Vector256<float> x)
        where TVector : struct => Unsafe.BitCast<Vector256<float>, TVector>(x);
}
