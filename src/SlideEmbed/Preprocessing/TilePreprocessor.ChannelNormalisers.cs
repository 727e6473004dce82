using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SlideEmbed.Preprocessing;

// The per-path halves of the vector normalise: 16 bytes of one channel to 16 floats
// ((b / 255f) - mean) / std, the table's IEEE single operations in the table's order.
public sealed partial class TilePreprocessor
{
    private unsafe interface IChannelNormaliser<TSelf>
        where TSelf : struct, IChannelNormaliser<TSelf>
    {
        static abstract TSelf Create(float mean, float std);

        void Store(Vector128<byte> values, float* destination);
    }

    private readonly unsafe struct Avx2Channel(float mean, float std) : IChannelNormaliser<Avx2Channel>
    {
        private readonly Vector256<float> _scale = Vector256.Create(255f);
        private readonly Vector256<float> _mean = Vector256.Create(mean);
        private readonly Vector256<float> _std = Vector256.Create(std);

        public static Avx2Channel Create(float mean, float std) => new(mean, std);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector128<byte> values, float* destination)
        {
            var low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(values));
            var high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(values, 8)));
            Avx.Store(destination, ((low / _scale) - _mean) / _std);
            Avx.Store(destination + 8, ((high / _scale) - _mean) / _std);
        }
    }

    private readonly unsafe struct Vector128Channel(float mean, float std) : IChannelNormaliser<Vector128Channel>
    {
        private readonly Vector128<float> _scale = Vector128.Create(255f);
        private readonly Vector128<float> _mean = Vector128.Create(mean);
        private readonly Vector128<float> _std = Vector128.Create(std);

        public static Vector128Channel Create(float mean, float std) => new(mean, std);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector128<byte> values, float* destination)
        {
            var (low, high) = Vector128.Widen(values);
            var (v0, v1) = Vector128.Widen(low);
            var (v2, v3) = Vector128.Widen(high);
            Normalise(v0).Store(destination);
            Normalise(v1).Store(destination + 4);
            Normalise(v2).Store(destination + 8);
            Normalise(v3).Store(destination + 12);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector128<float> Normalise(Vector128<uint> values) =>
            ((Vector128.ConvertToSingle(values.AsInt32()) / _scale) - _mean) / _std;
    }
}
