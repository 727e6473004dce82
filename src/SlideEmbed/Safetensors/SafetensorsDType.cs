namespace SlideEmbed.Safetensors;

/// <summary>
/// Element types of the safetensors format, named as in the file header (<c>F32</c>, <c>BF16</c>, ...).
/// Every type is recognised when a header is parsed; only the floating-point ones convert to
/// <see cref="float"/> (see <see cref="SafetensorsFile.ReadFloat32(string)"/>).
/// </summary>
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte.</summary>
    Bool,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>8-bit float, 4 exponent and 3 mantissa bits.</summary>
    F8E4M3,

    /// <summary>8-bit float, 5 exponent and 2 mantissa bits.</summary>
    F8E5M2,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>IEEE 754 half precision.</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a float32.</summary>
    BF16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>IEEE 754 single precision.</summary>
    F32,

    /// <summary>IEEE 754 double precision.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
}
