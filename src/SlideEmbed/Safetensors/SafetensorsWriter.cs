using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace SlideEmbed.Safetensors;

/// <summary>
/// Builds a safetensors file in memory and writes it: tensors in the order they were added, the header
/// padded with spaces to a multiple of 8 bytes (as the reference implementation does), little-endian data.
/// Not thread-safe.
/// </summary>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, SafetensorsDType DType, long[] Shape, byte[] Data)> _tensors = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Adds a float32 tensor.</summary>
    /// <param name="name">Unique tensor name.</param>
    /// <param name="values">Row-major values; their count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions, outermost first.</param>
    /// <returns>This writer.</returns>
    public SafetensorsWriter AddFloat32(string name, ReadOnlySpan<float> values, params long[] shape) =>
        AddRaw(name, SafetensorsDType.F32, shape, ToLittleEndian(values));

    /// <summary>Adds a float64 tensor.</summary>
    /// <param name="name">Unique tensor name.</param>
    /// <param name="values">Row-major values; their count must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">Dimensions, outermost first.</param>
    /// <returns>This writer.</returns>
    public SafetensorsWriter AddFloat64(string name, ReadOnlySpan<double> values, params long[] shape)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return AddRaw(name, SafetensorsDType.F64, shape, bytes);
    }

    /// <summary>Adds a tensor from raw little-endian bytes of any dtype.</summary>
    /// <param name="name">Unique tensor name; not <c>__metadata__</c>.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="shape">Dimensions, outermost first.</param>
    /// <param name="data">Exactly product(shape) x element size bytes; kept, not copied.</param>
    /// <returns>This writer.</returns>
    /// <exception cref="ArgumentException">The name is taken or the byte count does not match the shape.</exception>
    public SafetensorsWriter AddRaw(string name, SafetensorsDType dtype, long[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (name == "__metadata__" || _tensors.Any(t => t.Name == name))
        {
            throw new ArgumentException($"Tensor name '{name}' is reserved or already used.", nameof(name));
        }

        long count = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count = checked(count * d);
        }

        if (count * SafetensorsDTypes.SizeOf(dtype) != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape)}] of {SafetensorsDTypes.Name(dtype)} needs {count * SafetensorsDTypes.SizeOf(dtype)} bytes, got {data.Length}.", nameof(data));
        }

        _tensors.Add((name, dtype, (long[])shape.Clone(), data));
        return this;
    }

    /// <summary>Sets a <c>__metadata__</c> entry.</summary>
    /// <param name="key">Metadata key.</param>
    /// <param name="value">Metadata value.</param>
    /// <returns>This writer.</returns>
    public SafetensorsWriter SetMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>The complete file as bytes.</summary>
    /// <returns>A new array.</returns>
    public byte[] ToArray()
    {
        var header = Header();
        var result = new byte[8 + header.Length + _tensors.Sum(t => (long)t.Data.Length)];
        using var stream = new MemoryStream(result);
        WriteTo(stream, header);
        return result;
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <param name="stream">Destination; not disposed.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        WriteTo(stream, Header());
    }

    /// <summary>Writes the file to a path (overwriting).</summary>
    /// <param name="path">Destination file.</param>
    public void WriteTo(string path)
    {
        using var stream = File.Create(path);
        WriteTo(stream);
    }

    private void WriteTo(Stream stream, byte[] header)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (var t in _tensors)
        {
            stream.Write(t.Data);
        }
    }

    private byte[] Header()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in _metadata)
                {
                    json.WriteString(k, v);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in _tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafetensorsDTypes.Name(t.DType));
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.Data.Length;
            }

            json.WriteEndObject();
        }

        var length = (int)buffer.Length;
        var padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private static byte[] ToLittleEndian(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
            }
        }

        return bytes;
    }
}
