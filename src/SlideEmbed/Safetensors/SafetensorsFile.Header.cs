using System.Buffers.Binary;
using System.Text.Json;

namespace SlideEmbed.Safetensors;

/// <content>Header parsing and validation.</content>
public sealed partial class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    private static ParsedHeader ParseHeader(string source, ReadOnlySpan<byte> head, long fileLength)
    {
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        if (headerLength == 0)
        {
            throw new SafetensorsFormatException($"{source}: bad header: the header length is 0.");
        }

        if (headerLength > MaxHeaderBytes)
        {
            throw new SafetensorsFormatException($"{source}: bad header: the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit (not a safetensors file?).");
        }

        if ((long)headerLength > fileLength - 8)
        {
            throw new SafetensorsFormatException($"{source}: bad header: the header length {headerLength} runs past the end of the {fileLength}-byte file.");
        }

        var json = head.Slice(8, (int)headerLength);
        if (json[0] != (byte)'{')
        {
            throw new SafetensorsFormatException($"{source}: bad header: it does not start with '{{' (byte 0x{json[0]:X2}).");
        }

        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException($"{source}: bad header: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafetensorsFormatException($"{source}: bad header: the JSON is a {document.RootElement.ValueKind}, not an object.");
            }

            var tensors = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var sawMetadata = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (sawMetadata)
                    {
                        throw new SafetensorsFormatException($"{source}: bad header: '{MetadataKey}' appears twice.");
                    }

                    sawMetadata = true;
                    ReadMetadata(source, property.Value, metadata);
                    continue;
                }

                var info = ReadEntry(source, property.Name, property.Value, dataLength);
                if (!tensors.TryAdd(info.Name, info))
                {
                    throw new SafetensorsFormatException($"{source}: bad header: tensor '{info.Name}' appears twice.");
                }
            }

            var ordered = tensors.Values.OrderBy(t => t.DataStart).ThenBy(t => t.DataEnd).ToList();
            CheckCoverage(source, ordered, dataLength);
            return new ParsedHeader(tensors, ordered, metadata, dataStart);
        }
    }

    private static void ReadMetadata(string source, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException($"{source}: bad header: '{MetadataKey}' must be an object of strings, not a {value.ValueKind}.");
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new SafetensorsFormatException($"{source}: bad header: metadata '{entry.Name}' must be a string, not a {entry.Value.ValueKind}.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsTensorInfo ReadEntry(string source, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new SafetensorsFormatException($"{source}: bad header: tensor '{name}' must be an object with dtype, shape and data_offsets, not a {value.ValueKind}.");
        }

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new SafetensorsFormatException($"{source}: bad header: tensor '{name}' has no string 'dtype'.");
        }

        var dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out var dtype))
        {
            throw new SafetensorsFormatException($"{source}: unknown dtype '{dtypeName}' for tensor '{name}' (known: BOOL, U8, I8, F8_E4M3, F8_E5M2, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64).");
        }

        var shape = ReadIntegers(source, name, value, "shape");
        var offsets = ReadIntegers(source, name, value, "data_offsets");
        if (offsets.Length != 2)
        {
            throw new SafetensorsFormatException($"{source}: bad header: tensor '{name}' has {offsets.Length} data_offsets; expected [begin, end].");
        }

        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
        {
            throw new SafetensorsFormatException($"{source}: tensor '{name}': data_offsets [{begin}, {end}] end before they begin.");
        }

        if (end > dataLength)
        {
            throw new SafetensorsFormatException($"{source}: tensor '{name}': data_offsets [{begin}, {end}] are out of range: the data section has {dataLength} bytes.");
        }

        long expectedBytes;
        try
        {
            long count = 1;
            foreach (var d in shape)
            {
                count = checked(count * d);
            }

            expectedBytes = checked(count * SafetensorsDTypes.SizeOf(dtype));
        }
        catch (OverflowException e)
        {
            throw new SafetensorsFormatException($"{source}: tensor '{name}': shape [{string.Join(", ", shape)}] is too large.", e);
        }

        if (end - begin != expectedBytes)
        {
            throw new SafetensorsFormatException($"{source}: tensor '{name}': {dtypeName} with shape [{string.Join(", ", shape)}] needs {expectedBytes} bytes but data_offsets [{begin}, {end}] hold {end - begin}.");
        }

        return new SafetensorsTensorInfo(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(string source, string name, JsonElement value, string field)
    {
        if (!value.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new SafetensorsFormatException($"{source}: bad header: tensor '{name}' has no '{field}' array.");
        }

        var result = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var v) || v < 0)
            {
                throw new SafetensorsFormatException($"{source}: bad header: tensor '{name}' {field}[{i}] is {item.GetRawText()}, not a non-negative integer.");
            }

            result[i++] = v;
        }

        return result;
    }

    private static void CheckCoverage(string source, List<SafetensorsTensorInfo> ordered, long dataLength)
    {
        // As in the reference implementation: the tensors tile the data section exactly, in order.
        long expected = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var t in ordered)
        {
            if (t.DataStart < expected)
            {
                throw new SafetensorsFormatException($"{source}: tensor '{t.Name}' (bytes {t.DataStart}..{t.DataEnd}) overlaps tensor '{previous!.Name}' (bytes {previous.DataStart}..{previous.DataEnd}).");
            }

            if (t.DataStart > expected)
            {
                throw new SafetensorsFormatException($"{source}: tensor '{t.Name}' starts at data byte {t.DataStart}, leaving a hole after byte {expected}.");
            }

            expected = t.DataEnd;
            previous = t;
        }

        if (expected != dataLength)
        {
            throw new SafetensorsFormatException($"{source}: the tensors cover {expected} bytes but the data section has {dataLength} (truncated or trailing data).");
        }
    }

    private sealed record ParsedHeader(
        Dictionary<string, SafetensorsTensorInfo> Tensors,
        IReadOnlyList<SafetensorsTensorInfo> Ordered,
        Dictionary<string, string> Metadata,
        long DataStart);
}
