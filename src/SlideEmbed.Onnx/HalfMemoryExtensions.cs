using System.Buffers;
using System.Runtime.InteropServices;

namespace SlideEmbed.Onnx;

/// <summary>Views <see cref="Half"/> memory as ONNX Runtime's <see cref="Microsoft.ML.OnnxRuntime.Float16"/> without copying (same 16-bit layout).</summary>
internal static class HalfMemoryExtensions
{
    public static Memory<Microsoft.ML.OnnxRuntime.Float16> Cast(this Memory<Half> memory) =>
        new CastMemoryManager(memory).Memory;

    private sealed class CastMemoryManager(Memory<Half> source) : MemoryManager<Microsoft.ML.OnnxRuntime.Float16>
    {
        public override Span<Microsoft.ML.OnnxRuntime.Float16> GetSpan() =>
            MemoryMarshal.Cast<Half, Microsoft.ML.OnnxRuntime.Float16>(source.Span);

        public override MemoryHandle Pin(int elementIndex = 0) =>
            source[elementIndex..].Pin();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
