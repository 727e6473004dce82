using System.Buffers.Binary;
using System.IO.Compression;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Reads 8-bit greyscale or RGB, non-interlaced PNG files (the masks SlideEmbed and OpenCV write, the
/// heatmaps) into row-major bytes; every PNG row filter is supported. Anything else fails loudly.
/// </summary>
internal static class TilesPng
{
    public static (int Width, int Height, byte[] Pixels) ReadGray(string path) => Read(path, 1);

    /// <summary>An RGB PNG as interleaved bytes, 3 per pixel.</summary>
    public static (int Width, int Height, byte[] Pixels) ReadRgb(string path) => Read(path, 3);

    private static (int Width, int Height, byte[] Pixels) Read(string path, int channels)
    {
        var bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(signature), $"{path} is not a PNG file");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.True(data[8] == 8 && data[9] == (channels == 3 ? 2 : 0) && data[12] == 0, $"{path}: expected an 8-bit {(channels == 3 ? "RGB" : "greyscale")} non-interlaced PNG");
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * channels;
        Assert.Equal((long)(stride + 1) * height, raw.Length);
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var row = pixels.AsSpan(y * stride, stride);
            ReadOnlySpan<byte> up = y > 0 ? pixels.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? row[x - channels] : 0, b = up[x], c = x >= channels ? up[x - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"{path}: bad PNG filter {filter} in row {y}"),
                };
                row[x] = (byte)(src[x] + predictor);
            }
        }

        return (width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
