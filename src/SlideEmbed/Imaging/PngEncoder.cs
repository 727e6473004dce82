using System.Buffers.Binary;
using System.IO.Compression;

namespace SlideEmbed.Imaging;

/// <summary>
/// A small PNG writer (8-bit greyscale or RGB, non-interlaced) for masks and QC pictures. Rows are
/// filtered with the "Up" filter, which compresses masks and thumbnails well, and deflated with
/// <see cref="ZLibStream"/>.
/// </summary>
public static class PngEncoder
{
    private static readonly uint[] s_crcTable = BuildCrcTable();

    /// <summary>Writes an RGB image.</summary>
    /// <param name="image">The image.</param>
    /// <param name="destination">Stream to write to; left open.</param>
    public static void WriteRgb(RgbImage image, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Write(image.Width, image.Height, 3, y => image.Row(y), destination);
    }

    /// <summary>Writes an 8-bit greyscale image from row-major bytes.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="pixels">Exactly <c>width * height</c> bytes.</param>
    /// <param name="destination">Stream to write to; left open.</param>
    public static void WriteGray(int width, int height, ReadOnlyMemory<byte> pixels, Stream destination)
    {
        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} bytes for {width} x {height}, got {pixels.Length}.", nameof(pixels));
        }

        Write(width, height, 1, y => pixels.Span.Slice(y * width, width), destination);
    }

    private delegate ReadOnlySpan<byte> RowSource(int y);

    private static void Write(int width, int height, int channels, RowSource rows, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        destination.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = channels == 3 ? (byte)2 : (byte)0; // colour type: truecolour or greyscale
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(destination, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var stride = width * channels;
            var line = new byte[stride + 1];
            var previous = new byte[stride];
            for (var y = 0; y < height; y++)
            {
                var row = rows(y);
                line[0] = 2; // Up filter
                for (var i = 0; i < stride; i++)
                {
                    line[i + 1] = (byte)(row[i] - previous[i]);
                }

                row[..stride].CopyTo(previous);
                z.Write(line);
            }
        }

        WriteChunk(destination, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(destination, "IEND", []);
    }

    private static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> buf = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(buf, data.Length);
        for (var i = 0; i < 4; i++)
        {
            buf[4 + i] = (byte)type[i];
        }

        s.Write(buf);
        s.Write(data);
        var crc = Crc(0xFFFFFFFFu, buf[4..]);
        crc = Crc(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(buf, crc);
        s.Write(buf[..4]);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
