using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace SlideEmbed.Safetensors;

/// <content>Conversion of floating-point tensors to float32 and float64 arrays.</content>
public sealed partial class SafetensorsFile
{
    /// <summary>Reads a floating-point tensor (F32, F64, F16 or BF16) as float32, row-major.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>A new array of <see cref="SafetensorsTensorInfo.ElementCount"/> values; F64 is rounded to nearest.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has this name.</exception>
    /// <exception cref="NotSupportedException">The tensor is not floating point.</exception>
    public float[] ReadFloat32(string name)
    {
        var info = Info(name);
        var result = new float[CheckedCount(info)];
        ReadFloat32(info, result);
        return result;
    }

    /// <summary>Reads a floating-point tensor (F32, F64, F16 or BF16) as float32 into a caller buffer.</summary>
    /// <param name="name">Tensor name.</param>
    /// <param name="destination">Receives exactly <see cref="SafetensorsTensorInfo.ElementCount"/> values.</param>
    /// <exception cref="ArgumentException">The destination length differs from the element count.</exception>
    /// <exception cref="NotSupportedException">The tensor is not floating point.</exception>
    public void ReadFloat32(string name, Span<float> destination) => ReadFloat32(Info(name), destination);

    /// <summary>Reads a floating-point tensor (F32, F64, F16 or BF16) as float64, row-major.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>A new array of <see cref="SafetensorsTensorInfo.ElementCount"/> values (exact for every source type).</returns>
    /// <exception cref="KeyNotFoundException">No tensor has this name.</exception>
    /// <exception cref="NotSupportedException">The tensor is not floating point.</exception>
    public double[] ReadFloat64(string name)
    {
        var info = Info(name);
        var result = new double[CheckedCount(info)];
        var data = Data(info);
        switch (info.DType)
        {
            case SafetensorsDType.F64:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.Cast<byte, double>(data).CopyTo(result);
                }
                else
                {
                    for (var i = 0; i < result.Length; i++)
                    {
                        result[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                    }
                }

                break;
            default:
                var single = new float[result.Length];
                ReadFloat32(info, single);
                for (var i = 0; i < single.Length; i++)
                {
                    result[i] = single[i];
                }

                break;
        }

        return result;
    }

    /// <summary>Reads an integer tensor (I8, U8, I16, U16, I32, U32 or I64) as int64, row-major.</summary>
    /// <param name="name">Tensor name.</param>
    /// <returns>A new array of <see cref="SafetensorsTensorInfo.ElementCount"/> values.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has this name.</exception>
    /// <exception cref="NotSupportedException">The tensor is not an integer type that fits in int64 (U64, floats, BOOL).</exception>
    public long[] ReadInt64(string name)
    {
        var info = Info(name);
        var result = new long[CheckedCount(info)];
        var data = Data(info);
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = info.DType switch
            {
                SafetensorsDType.I8 => (sbyte)data[i],
                SafetensorsDType.U8 => data[i],
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]),
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(data[(4 * i)..]),
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]),
                _ => throw new NotSupportedException($"{Source}: tensor '{info.Name}' is {SafetensorsDTypes.Name(info.DType)}; only I8, U8, I16, U16, I32, U32 and I64 read as int64."),
            };
        }

        return result;
    }

    private static int CheckedCount(SafetensorsTensorInfo info) => info.ElementCount <= Array.MaxLength
        ? (int)info.ElementCount
        : throw new NotSupportedException($"Tensor '{info.Name}' has {info.ElementCount} elements, more than one array holds.");

    private void ReadFloat32(SafetensorsTensorInfo info, Span<float> destination)
    {
        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException($"Tensor '{info.Name}' has {info.ElementCount} elements but the destination holds {destination.Length}.", nameof(destination));
        }

        if (!SafetensorsDTypes.IsConvertibleToFloat(info.DType))
        {
            throw new NotSupportedException($"{Source}: tensor '{info.Name}' is {SafetensorsDTypes.Name(info.DType)}; only F32, F64, F16 and BF16 convert to float.");
        }

        var data = Data(info);
        var le = BitConverter.IsLittleEndian;
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                if (le)
                {
                    MemoryMarshal.Cast<byte, float>(data).CopyTo(destination);
                    return;
                }

                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                }

                return;
            case SafetensorsDType.F64:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)(le ? MemoryMarshal.Read<double>(data[(8 * i)..]) : BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]));
                }

                return;
            case SafetensorsDType.F16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]));
                }

                return;
            default:
                // BF16 is the upper half of a float32: widening is exact.
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) << 16);
                }

                return;
        }
    }
}
