using SlideEmbed.Models;

namespace SlideEmbed.Encoders;

/// <summary>
/// A reusable batch of preprocessed tiles in NCHW layout, in a pinned array allocated once (float32
/// or float16 per the model), so the inference engine reads it without copying and no batch allocates.
/// Slots are filled, <see cref="Count"/> set, the batch encoded, then <see cref="Reset"/> for reuse.
/// </summary>
/// <remarks>Not thread-safe; one owner at a time (the pipeline passes batches through channels).</remarks>
public sealed class EncoderBatch
{
    /// <summary>Allocates a batch.</summary>
    /// <param name="capacity">Tiles per batch, &gt;= 1.</param>
    /// <param name="inputSize">Model input edge in pixels.</param>
    /// <param name="precision">Element type.</param>
    public EncoderBatch(int capacity, int inputSize, ModelPrecision precision)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        Capacity = capacity;
        InputSize = inputSize;
        Precision = precision;
        SlotLength = 3 * inputSize * inputSize;
        if (precision == ModelPrecision.Fp16)
        {
            Halves = GC.AllocateUninitializedArray<Half>(capacity * SlotLength, pinned: true);
        }
        else
        {
            Floats = GC.AllocateUninitializedArray<float>(capacity * SlotLength, pinned: true);
        }

        TileIndices = new int[capacity];
    }

    /// <summary>Maximum tiles.</summary>
    public int Capacity { get; }

    /// <summary>Model input edge.</summary>
    public int InputSize { get; }

    /// <summary>Element type of the data.</summary>
    public ModelPrecision Precision { get; }

    /// <summary>Elements per tile: 3 x InputSize x InputSize.</summary>
    public int SlotLength { get; }

    /// <summary>Tiles filled so far.</summary>
    public int Count { get; set; }

    /// <summary>The tile index (row of the slide's tile table) of each filled slot.</summary>
    public int[] TileIndices { get; }

    /// <summary>float32 data (pinned), or null for a float16 batch.</summary>
    public float[]? Floats { get; }

    /// <summary>float16 data (pinned), or null for a float32 batch.</summary>
    public Half[]? Halves { get; }

    /// <summary>The float32 slot <paramref name="i"/>.</summary>
    /// <param name="i">Slot index.</param>
    /// <returns>The slot's span.</returns>
    public Span<float> FloatSlot(int i) => Floats.AsSpan(i * SlotLength, SlotLength);

    /// <summary>The float16 slot <paramref name="i"/>.</summary>
    /// <param name="i">Slot index.</param>
    /// <returns>The slot's span.</returns>
    public Span<Half> HalfSlot(int i) => Halves.AsSpan(i * SlotLength, SlotLength);

    /// <summary>Empties the batch for reuse.</summary>
    public void Reset() => Count = 0;
}
