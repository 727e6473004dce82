using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace SlideEmbed.OpenSlide.Direct;

/// <summary>
/// Reads the tiled image directories of a TIFF or BigTIFF file (either byte order): sizes, tile layout,
/// compression, colour layout, tile offsets and JPEG tables. Nothing else is decoded. Positional reads
/// only, so one open file serves every thread.
/// </summary>
internal static class TiffDirectoryParser
{
    private const int MaxDirectories = 4096;
    private const long MaxTiles = 64L * 1024 * 1024;
    private const long MaxJpegTables = 1024 * 1024;

    /// <summary>Every tiled directory of the file, in file order; untiled ones (thumbnails, labels) are left out.</summary>
    /// <param name="file">The open file.</param>
    /// <returns>The tiled images.</returns>
    /// <exception cref="InvalidDataException">The file is not a TIFF, or its directories are malformed.</exception>
    public static List<TiffTiledImage> ReadTiledImages(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        Span<byte> header = stackalloc byte[16];
        Read(file, header, 0, length);
        var little = header[0] == (byte)'I' && header[1] == (byte)'I';
        if (!little && !(header[0] == (byte)'M' && header[1] == (byte)'M'))
        {
            throw new InvalidDataException("Not a TIFF file (no II or MM byte-order mark).");
        }

        var reader = new Reader(file, length, little);
        var version = reader.U16(header[2..]);
        var big = version == 43;
        if (version != 42 && !big)
        {
            throw new InvalidDataException($"Not a TIFF file (version {version}).");
        }

        var next = big ? (long)reader.U64(header[8..]) : reader.U32(header[4..]);
        var images = new List<TiffTiledImage>();
        var seen = new HashSet<long>();
        for (var index = 0; next != 0; index++)
        {
            if (index >= MaxDirectories || !seen.Add(next))
            {
                throw new InvalidDataException("The TIFF directory chain loops or is implausibly long.");
            }

            var (image, following) = ReadDirectory(reader, next, big, index);
            if (image is not null)
            {
                images.Add(image);
            }

            next = following;
        }

        return images;
    }

    private static (TiffTiledImage? Image, long Next) ReadDirectory(Reader reader, long offset, bool big, int index)
    {
        var countSize = big ? 8 : 2;
        var entrySize = big ? 20 : 12;
        Span<byte> countBytes = stackalloc byte[8];
        reader.Read(countBytes[..countSize], offset);
        var count = big ? (long)reader.U64(countBytes) : reader.U16(countBytes);
        if (count > 10_000)
        {
            throw new InvalidDataException($"TIFF directory {index} claims {count} entries.");
        }

        var entries = new byte[(count * entrySize) + (big ? 8 : 4)];
        reader.Read(entries, offset + countSize);
        long width = 0, height = 0, tileWidth = 0, tileHeight = 0;
        long compression = 1, photometric = -1, samples = 1, planar = 1;
        var bits = 1L;
        long[]? offsets = null, byteCounts = null;
        byte[]? tables = null;
        for (var e = 0; e < count; e++)
        {
            var entry = new Entry(reader, entries.AsSpan((int)(e * entrySize), entrySize), big);
            switch (entry.Tag)
            {
                case 256: width = entry.Scalar(); break;
                case 257: height = entry.Scalar(); break;
                case 258: bits = SameValue(entry.Values(8)); break;
                case 259: compression = entry.Scalar(); break;
                case 262: photometric = entry.Scalar(); break;
                case 277: samples = entry.Scalar(); break;
                case 284: planar = entry.Scalar(); break;
                case 322: tileWidth = entry.Scalar(); break;
                case 323: tileHeight = entry.Scalar(); break;
                case 324: offsets = entry.Values(MaxTiles); break;
                case 325: byteCounts = entry.Values(MaxTiles); break;
                case 347: tables = entry.Bytes(MaxJpegTables); break;
            }
        }

        var tail = entries.AsSpan((int)(count * entrySize));
        var next = big ? (long)reader.U64(tail) : reader.U32(tail);
        if (tileWidth <= 0 || tileHeight <= 0 || tileWidth > 65536 || tileHeight > 65536 || width <= 0 || height <= 0 || offsets is null || byteCounts is null)
        {
            return (null, next);
        }

        var image = new TiffTiledImage(index, width, height, (int)tileWidth, (int)tileHeight, (int)compression, (int)photometric, (int)samples, (int)bits, (int)planar, offsets, byteCounts, tables);
        return (image, next);
    }

    private static long SameValue(long[] values) => values.Length > 0 && values.All(v => v == values[0]) ? values[0] : 0;

    private static void Read(SafeFileHandle file, Span<byte> buffer, long offset, long length)
    {
        if (offset < 0 || offset > length - buffer.Length || RandomAccess.Read(file, buffer, offset) != buffer.Length)
        {
            throw new InvalidDataException($"The TIFF structure points past the end of the file (offset {offset}).");
        }
    }

    /// <summary>Byte-order-aware reads from the file.</summary>
    private readonly struct Reader(SafeFileHandle file, long length, bool little)
    {
        public void Read(Span<byte> buffer, long offset) => TiffDirectoryParser.Read(file, buffer, offset, length);

        /// <summary>Throws unless [offset, offset + count) lies inside the file (checked before allocating for it).</summary>
        public void CheckRange(long offset, long count)
        {
            if (offset < 0 || count < 0 || offset > length - count)
            {
                throw new InvalidDataException($"The TIFF structure points past the end of the file (offset {offset}, {count} bytes).");
            }
        }

        public ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

        public uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);

        public ulong U64(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
    }

    /// <summary>One directory entry: tag, type, count and the value or its offset.</summary>
    private readonly ref struct Entry
    {
        private readonly Reader _reader;
        private readonly ReadOnlySpan<byte> _raw;
        private readonly bool _big;

        public Entry(Reader reader, ReadOnlySpan<byte> raw, bool big)
        {
            _reader = reader;
            _raw = raw;
            _big = big;
            Tag = reader.U16(raw);
            Type = reader.U16(raw[2..]);
            Count = big ? (long)reader.U64(raw[4..]) : reader.U32(raw[4..]);
        }

        public ushort Tag { get; }

        private ushort Type { get; }

        private long Count { get; }

        private int ElementSize => Type switch
        {
            1 or 2 or 6 or 7 => 1,
            3 or 8 => 2,
            4 or 9 or 13 => 4,
            16 or 17 or 18 => 8,
            _ => throw new InvalidDataException($"TIFF tag {Tag} has unsupported type {Type}."),
        };

        public long Scalar()
        {
            var values = Values(1);
            return values.Length == 1 ? values[0] : throw new InvalidDataException($"TIFF tag {Tag} should hold one value, not {values.Length}.");
        }

        public long[] Values(long max)
        {
            if (Count > max)
            {
                throw new InvalidDataException($"TIFF tag {Tag} holds {Count} values, more than {max}.");
            }

            var size = ElementSize;
            var bytes = Payload(Count * size);
            var values = new long[Count];
            for (var i = 0; i < values.Length; i++)
            {
                var b = bytes.AsSpan(i * size, size);
                values[i] = size switch
                {
                    1 => b[0],
                    2 => _reader.U16(b),
                    4 => _reader.U32(b),
                    _ => (long)_reader.U64(b),
                };
            }

            return values;
        }

        public byte[] Bytes(long max)
        {
            if (ElementSize != 1 || Count > max)
            {
                throw new InvalidDataException($"TIFF tag {Tag} is not a byte string of at most {max} bytes.");
            }

            return Payload(Count);
        }

        private byte[] Payload(long length)
        {
            var inline = _big ? 8 : 4;
            var field = _raw.Slice(_big ? 12 : 8, inline);
            if (length <= inline)
            {
                return field[..(int)length].ToArray();
            }

            var offset = _big ? (long)_reader.U64(field) : _reader.U32(field);
            _reader.CheckRange(offset, length);
            var bytes = new byte[length];
            _reader.Read(bytes, offset);
            return bytes;
        }
    }
}
