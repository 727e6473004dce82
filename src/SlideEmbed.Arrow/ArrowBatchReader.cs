using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace SlideEmbed.Arrow;

/// <summary>
/// Reads the record batches of an Arrow IPC file one at a time. Files under 2 GiB are memory-mapped
/// and read without copying (the record batches' buffers point into the page cache), which is what
/// makes a scan of a cohort's embeddings run at memory speed; larger files go through the ordinary
/// file reader.
/// </summary>
/// <remarks>A batch is valid until the next one is read or the reader is disposed. Not thread-safe.</remarks>
internal sealed class ArrowBatchReader : IDisposable
{
    private static readonly byte[] s_magic = "ARROW1"u8.ToArray();

    private readonly MappedMemory? _mapped;
    private readonly FileStream? _stream;
    private readonly ArrowStreamReader _reader;
    private RecordBatch? _current;

    public ArrowBatchReader(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > 64 && length < int.MaxValue)
        {
            _mapped = new MappedMemory(path, length);
            try
            {
                var bytes = _mapped.Memory;
                var span = bytes.Span;
                if (!span[..6].SequenceEqual(s_magic) || !span[^6..].SequenceEqual(s_magic))
                {
                    throw new InvalidDataException($"'{path}' is not a complete Arrow IPC file (no ARROW1 magic at both ends).");
                }

                var footer = BinaryPrimitives.ReadInt32LittleEndian(span[^10..^6]);
                var end = (int)length - 10 - footer;
                if (footer <= 0 || end <= 8)
                {
                    throw new InvalidDataException($"'{path}' is not a complete Arrow IPC file (bad footer).");
                }

                // The file format is the stream format between the leading magic and the footer.
                var reader = new ArrowStreamReader(bytes[8..end]);
                Schema = reader.Schema;
                _reader = reader;
            }
            catch
            {
                ((IDisposable)_mapped).Dispose();
                throw;
            }
        }
        else
        {
            _stream = File.OpenRead(path);
            var reader = new ArrowFileReader(_stream);
            Schema = reader.Schema;
            _reader = reader;
        }
    }

    public Schema Schema { get; }

    public IReadOnlyDictionary<string, string> Metadata =>
        Schema.Metadata is { } m ? new Dictionary<string, string>(m) : new Dictionary<string, string>();

    /// <summary>The next batch, or null at the end; the previous batch is disposed.</summary>
    public RecordBatch? Next()
    {
        _current?.Dispose();
        _current = _reader.ReadNextRecordBatch();
        return _current;
    }

    public void Dispose()
    {
        _current?.Dispose();
        _reader.Dispose();
        _stream?.Dispose();
        ((IDisposable?)_mapped)?.Dispose();
    }
}
