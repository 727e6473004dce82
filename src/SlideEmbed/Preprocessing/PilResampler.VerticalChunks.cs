using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SlideEmbed.Preprocessing;

// The per-width halves of the vertical pass: four int32 accumulators over one chunk of an output row,
// started at half a unit, then shifted, clamped and packed to bytes.
public static partial class PilResampler
{
    private unsafe interface IVerticalChunk<TSelf>
        where TSelf : struct, IVerticalChunk<TSelf>
    {
        // Output bytes per chunk.
        static abstract int Bytes { get; }

        // Every lane at half a unit, before the first tap.
        static abstract TSelf Start { get; }

        // The sums plus the Bytes input bytes at p times weight.
        TSelf Add(byte* p, int weight);

        // The sums shifted, clamped to 0..255 and stored as Bytes bytes.
        void Store(byte* destination);
    }

    private readonly unsafe struct Avx2Chunk(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3) : IVerticalChunk<Avx2Chunk>
    {
        public static int Bytes => 32;

        public static Avx2Chunk Start => new(Vector256.Create(Half), Vector256.Create(Half), Vector256.Create(Half), Vector256.Create(Half));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Avx2Chunk Add(byte* p, int weight)
        {
            var w = Vector256.Create(weight);
            return new(
                s0 + Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), w),
                s1 + Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 8), w),
                s2 + Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 16), w),
                s3 + Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 24), w));
        }

        // The packs work within 128-bit lanes; the permute puts the 4-byte groups back in order.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(byte* destination)
        {
            var low = Avx2.PackSignedSaturate(
                Avx2.ShiftRightArithmetic(s0, ResampleKernel.PrecisionBits),
                Avx2.ShiftRightArithmetic(s1, ResampleKernel.PrecisionBits));
            var high = Avx2.PackSignedSaturate(
                Avx2.ShiftRightArithmetic(s2, ResampleKernel.PrecisionBits),
                Avx2.ShiftRightArithmetic(s3, ResampleKernel.PrecisionBits));
            var bytes = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(low, high).AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
            Avx.Store(destination, bytes.AsByte());
        }
    }

    private readonly unsafe struct Vector128Chunk(Vector128<int> s0, Vector128<int> s1, Vector128<int> s2, Vector128<int> s3) : IVerticalChunk<Vector128Chunk>
    {
        public static int Bytes => 16;

        public static Vector128Chunk Start => new(Vector128.Create(Half), Vector128.Create(Half), Vector128.Create(Half), Vector128.Create(Half));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128Chunk Add(byte* p, int weight)
        {
            var (low, high) = Vector128.Widen(Vector128.Load(p));
            var (a0, a1) = Vector128.Widen(low);
            var (a2, a3) = Vector128.Widen(high);
            var w = Vector128.Create(weight);
            return new(s0 + (a0.AsInt32() * w), s1 + (a1.AsInt32() * w), s2 + (a2.AsInt32() * w), s3 + (a3.AsInt32() * w));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(byte* destination)
        {
            var shorts0 = Vector128.Narrow(ClampShift(s0), ClampShift(s1));
            var shorts1 = Vector128.Narrow(ClampShift(s2), ClampShift(s3));
            Vector128.Narrow(shorts0, shorts1).Store(destination);
        }
    }
}
