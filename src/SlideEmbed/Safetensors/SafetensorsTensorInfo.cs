namespace SlideEmbed.Safetensors;

/// <summary>One tensor's header entry: name, element type, shape and byte range within the data section.</summary>
public sealed record SafetensorsTensorInfo
{
    /// <summary>Creates an entry; <see cref="SafetensorsFile"/> validates entries before creating them.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions, outermost first; empty for a scalar.</param>
    /// <param name="dataStart">First byte, relative to the start of the data section.</param>
    /// <param name="dataEnd">One past the last byte, relative to the start of the data section.</param>
    public SafetensorsTensorInfo(string name, SafetensorsDType dtype, IReadOnlyList<long> shape, long dataStart, long dataEnd)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        DataStart = dataStart;
        DataEnd = dataEnd;
        long count = 1;
        foreach (var d in shape)
        {
            count = checked(count * d);
        }

        ElementCount = count;
    }

    /// <summary>Tensor name, e.g. <c>encoder.layers.0.ffn.fc1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Dimensions, outermost first (row-major data); empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>First byte of the tensor, relative to the start of the data section (after the header).</summary>
    public long DataStart { get; }

    /// <summary>One past the last byte, relative to the start of the data section.</summary>
    public long DataEnd { get; }

    /// <summary>Number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Size of the data in bytes.</summary>
    public long ByteLength => DataEnd - DataStart;

    /// <summary>The shape as text, e.g. <c>[768, 1536]</c>.</summary>
    /// <returns>The shape in brackets.</returns>
    public string ShapeText() => "[" + string.Join(", ", Shape) + "]";
}
