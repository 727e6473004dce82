namespace SlideEmbed.Safetensors;

/// <summary>Header names and element sizes of <see cref="SafetensorsDType"/> values.</summary>
public static class SafetensorsDTypes
{
    private static readonly (string Name, SafetensorsDType Type, int Size)[] s_all =
    [
        ("BOOL", SafetensorsDType.Bool, 1),
        ("U8", SafetensorsDType.U8, 1),
        ("I8", SafetensorsDType.I8, 1),
        ("F8_E4M3", SafetensorsDType.F8E4M3, 1),
        ("F8_E5M2", SafetensorsDType.F8E5M2, 1),
        ("I16", SafetensorsDType.I16, 2),
        ("U16", SafetensorsDType.U16, 2),
        ("F16", SafetensorsDType.F16, 2),
        ("BF16", SafetensorsDType.BF16, 2),
        ("I32", SafetensorsDType.I32, 4),
        ("U32", SafetensorsDType.U32, 4),
        ("F32", SafetensorsDType.F32, 4),
        ("F64", SafetensorsDType.F64, 8),
        ("I64", SafetensorsDType.I64, 8),
        ("U64", SafetensorsDType.U64, 8),
    ];

    /// <summary>Parses a header dtype name such as <c>F32</c> or <c>BF16</c> (exact, upper case).</summary>
    /// <param name="name">The name as written in the header.</param>
    /// <param name="type">The element type when the name is known.</param>
    /// <returns>True when the name is a safetensors dtype.</returns>
    public static bool TryParse(string name, out SafetensorsDType type)
    {
        foreach (var entry in s_all)
        {
            if (string.Equals(entry.Name, name, StringComparison.Ordinal))
            {
                type = entry.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>The header name of an element type, e.g. <c>BF16</c>.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The name written in headers.</returns>
    public static string Name(SafetensorsDType type) => Entry(type).Name;

    /// <summary>Size of one element in bytes.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int SizeOf(SafetensorsDType type) => Entry(type).Size;

    /// <summary>Whether elements of this type convert to <see cref="float"/> (F16, BF16, F32, F64).</summary>
    /// <param name="type">The element type.</param>
    /// <returns>True for the floating-point types this reader converts.</returns>
    public static bool IsConvertibleToFloat(SafetensorsDType type) =>
        type is SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F32 or SafetensorsDType.F64;

    private static (string Name, SafetensorsDType Type, int Size) Entry(SafetensorsDType type)
    {
        foreach (var entry in s_all)
        {
            if (entry.Type == type)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "Not a safetensors dtype.");
    }
}
