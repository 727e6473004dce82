using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SlideEmbed.Aggregation.Kernels;

/// <summary>Pinned float arrays for the encoders' large activation buffers, reached through raw pointers.</summary>
internal static unsafe class PinnedBuffer
{
    /// <summary>Allocates an uninitialised pinned array.</summary>
    /// <param name="count">Number of floats.</param>
    /// <param name="pointer">Its first element; valid while the array is alive (keep it with <see cref="GC.KeepAlive"/>).</param>
    /// <returns>The array.</returns>
    /// <exception cref="NotSupportedException">More floats than an array can hold.</exception>
    public static float[] Allocate(long count, out float* pointer)
    {
        if (count > Array.MaxLength)
        {
            throw new NotSupportedException($"A buffer of {count} floats exceeds the largest array; use fewer tiles.");
        }

        var array = GC.AllocateUninitializedArray<float>((int)count, pinned: true);
        pointer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return array;
    }
}
