using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SlideEmbed.Preprocessing;

// The per-width halves of the vertical pass: one chunk of an output row from `count` input rows,
// four int32 accumulators that start at half a unit, then shifted, clamped and packed to bytes.
public static partial class PilResampler
{
    private unsafe interface IVerticalChunk
    {
        // Output bytes per call.
        static abstract int Bytes { get; }

        // destination[0..Bytes) from the rows at p, p + stride, ... weighted by w[0..count).
        static abstract void Filter(byte* p, int stride, int* w, int count, byte* destination);
    }

    private readonly unsafe struct Avx2Chunk : IVerticalChunk
    {
        public static int Bytes => 32;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Filter(byte* p, int stride, int* w, int count, byte* destination)
        {
            var acc0 = Vector256.Create(Half);
            var acc1 = acc0;
            var acc2 = acc0;
            var acc3 = acc0;
            for (var t = 0; t < count; t++, p += stride)
            {
                var weight = Vector256.Create(w[t]);
                acc0 += Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), weight);
                acc1 += Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 8), weight);
                acc2 += Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 16), weight);
                acc3 += Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 24), weight);
            }

            // The packs work within 128-bit lanes; the permute puts the 4-byte groups back in order.
            var low = Avx2.PackSignedSaturate(
                Avx2.ShiftRightArithmetic(acc0, ResampleKernel.PrecisionBits),
                Avx2.ShiftRightArithmetic(acc1, ResampleKernel.PrecisionBits));
            var high = Avx2.PackSignedSaturate(
                Avx2.ShiftRightArithmetic(acc2, ResampleKernel.PrecisionBits),
                Avx2.ShiftRightArithmetic(acc3, ResampleKernel.PrecisionBits));
            var bytes = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(low, high).AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
            Avx.Store(destination, bytes.AsByte());
        }
    }

    private readonly unsafe struct Vector128Chunk : IVerticalChunk
    {
        public static int Bytes => 16;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Filter(byte* p, int stride, int* w, int count, byte* destination)
        {
            var acc0 = Vector128.Create(Half);
            var acc1 = acc0;
            var acc2 = acc0;
            var acc3 = acc0;
            for (var t = 0; t < count; t++, p += stride)
            {
                var weight = Vector128.Create(w[t]);
                var (low, high) = Vector128.Widen(Vector128.Load(p));
                var (a0, a1) = Vector128.Widen(low);
                var (a2, a3) = Vector128.Widen(high);
                acc0 += a0.AsInt32() * weight;
                acc1 += a1.AsInt32() * weight;
                acc2 += a2.AsInt32() * weight;
                acc3 += a3.AsInt32() * weight;
            }

            var shorts0 = Vector128.Narrow(ClampShift(acc0), ClampShift(acc1));
            var shorts1 = Vector128.Narrow(ClampShift(acc2), ClampShift(acc3));
            Vector128.Narrow(shorts0, shorts1).Store(destination);
        }
    }
}
