using System.Buffers.Binary;

namespace SlideEmbed.Arrow;

/// <summary>
/// Counts the rows of an Arrow IPC file from its message headers alone, so a reader can size its
/// buffers before reading any record batch body.
/// </summary>
/// <remarks>
/// Walks the encapsulated messages after the 8-byte file magic: each is an optional <c>0xFFFFFFFF</c>
/// continuation marker, the metadata length, a flatbuffer <c>Message</c> and <c>bodyLength</c> body
/// bytes, which are skipped with a seek. Only record batch messages count; the walk ends at the
/// end-of-stream marker. See the Arrow columnar format, "IPC File Format".
/// </remarks>
internal static class ArrowFileRows
{
    private const byte RecordBatchHeader = 3;

    /// <summary>Total rows over all record batches.</summary>
    /// <param name="stream">The file, seekable; its position is restored.</param>
    /// <returns>The row count.</returns>
    /// <exception cref="InvalidDataException">The headers are not those of an Arrow IPC file.</exception>
    public static long Count(Stream stream)
    {
        var start = stream.Position;
        try
        {
            stream.Position = 8;
            Span<byte> word = stackalloc byte[4];
            long rows = 0;
            while (true)
            {
                stream.ReadExactly(word);
                var length = BinaryPrimitives.ReadInt32LittleEndian(word);
                if (length == -1)
                {
                    stream.ReadExactly(word);
                    length = BinaryPrimitives.ReadInt32LittleEndian(word);
                }

                if (length == 0)
                {
                    return rows;
                }

                if (length < 0 || length > stream.Length - stream.Position)
                {
                    throw new InvalidDataException("an Arrow message header runs past the end of the file.");
                }

                var message = new byte[length];
                stream.ReadExactly(message);
                var (headerType, header, bodyLength) = ReadMessage(message);
                if (headerType == RecordBatchHeader)
                {
                    rows += header < 0 ? 0 : ReadInt64Field(message, header, 0);
                }

                if (bodyLength < 0 || bodyLength > stream.Length - stream.Position)
                {
                    throw new InvalidDataException("an Arrow message body runs past the end of the file.");
                }

                stream.Seek(bodyLength, SeekOrigin.Current);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("its Arrow message headers are truncated or malformed.", e);
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Message table: header_type (field 1), header (field 2, a table), bodyLength (field 3).</summary>
    private static (byte HeaderType, int Header, long BodyLength) ReadMessage(ReadOnlySpan<byte> buffer)
    {
        var table = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        var typeAt = FieldPosition(buffer, table, 1);
        var headerAt = FieldPosition(buffer, table, 2);
        var type = typeAt < 0 ? (byte)0 : buffer[typeAt];
        var header = headerAt < 0 ? -1 : headerAt + BinaryPrimitives.ReadInt32LittleEndian(buffer[headerAt..]);
        return (type, header, ReadInt64Field(buffer, table, 3));
    }

    private static long ReadInt64Field(ReadOnlySpan<byte> buffer, int table, int field)
    {
        var at = FieldPosition(buffer, table, field);
        return at < 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(buffer[at..]);
    }

    /// <summary>Absolute position of a flatbuffer table's field, or -1 when the field is absent (default value).</summary>
    private static int FieldPosition(ReadOnlySpan<byte> buffer, int table, int field)
    {
        var vtable = table - BinaryPrimitives.ReadInt32LittleEndian(buffer[table..]);
        var vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[vtable..]);
        var entry = 4 + (2 * field);
        if (entry + 2 > vtableSize)
        {
            return -1;
        }

        var offset = BinaryPrimitives.ReadUInt16LittleEndian(buffer[(vtable + entry)..]);
        return offset == 0 ? -1 : table + offset;
    }
}
