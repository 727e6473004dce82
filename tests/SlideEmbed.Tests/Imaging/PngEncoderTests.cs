using System.Buffers.Binary;
using System.IO.Compression;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tests.Imaging;

public sealed class PngEncoderTests
{
    [Fact]
    public void WriteRgb_DecodesBackToSamePixelsWithValidChunks()
    {
        using var image = new RgbImage(13, 7);
        var random = new Random(7);
        random.NextBytes(image.Pixels);
        using var stream = new MemoryStream();

        PngEncoder.WriteRgb(image, stream);

        var (w, h, colorType, pixels) = Decode(stream.ToArray());
        Assert.Equal((13, 7, 2), (w, h, colorType));
        Assert.Equal(image.Pixels.ToArray(), pixels);
    }

    [Fact]
    public void WriteGray_DecodesBackToSamePixels()
    {
        var data = Enumerable.Range(0, 40 * 3).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new MemoryStream();

        PngEncoder.WriteGray(40, 3, data, stream);

        var (w, h, colorType, pixels) = Decode(stream.ToArray());
        Assert.Equal((40, 3, 0), (w, h, colorType));
        Assert.Equal(data, pixels);
    }

    // A minimal independent reader: checks signature and every CRC (zlib's CRC-32 via System.IO.Hashing
    // is not referenced, so the table is recomputed here), inflates IDAT and undoes filters 0 and 2.
    private static (int W, int H, int ColorType, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int w = 0, h = 0, colorType = 0;
        using var idat = new MemoryStream();
        var pos = 8;
        var sawEnd = false;
        while (pos < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(Crc32(png.AsSpan(pos + 4, length + 4)), crc);
            if (type == "IHDR")
            {
                w = BinaryPrimitives.ReadInt32BigEndian(data);
                h = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                colorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                sawEnd = true;
            }

            pos += 12 + length;
        }

        Assert.True(sawEnd);
        var channels = colorType == 2 ? 3 : 1;
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        var stride = w * channels;
        var pixels = new byte[stride * h];
        for (var y = 0; y < h; y++)
        {
            var filter = bytes[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                var v = bytes[(y * (stride + 1)) + 1 + i];
                var up = y > 0 ? pixels[((y - 1) * stride) + i] : (byte)0;
                pixels[(y * stride) + i] = filter switch
                {
                    0 => v,
                    2 => (byte)(v + up),
                    _ => throw new InvalidOperationException($"filter {filter}"),
                };
            }
        }

        return (w, h, colorType, pixels);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
