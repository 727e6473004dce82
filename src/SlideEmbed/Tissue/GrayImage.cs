using System.Numerics;

namespace SlideEmbed.Tissue;

/// <summary>
/// An 8-bit single-channel image (for example HSV saturation), row-major with stride
/// <see cref="BytePlane.Width"/>. Used by the tissue detectors at the detection resolution.
/// </summary>
/// <remarks>Not thread-safe for concurrent writes; concurrent reads are fine.</remarks>
public sealed class GrayImage : BytePlane
{
    /// <summary>Creates an all-zero image.</summary>
    /// <param name="width">Width in pixels, &gt;= 0.</param>
    /// <param name="height">Height in pixels, &gt;= 0.</param>
    public GrayImage(int width, int height)
        : this(width, height, new byte[checked(width * height)])
    {
    }

    /// <summary>Wraps existing data (not copied).</summary>
    /// <param name="width">Width in pixels, &gt;= 0.</param>
    /// <param name="height">Height in pixels, &gt;= 0.</param>
    /// <param name="data">Exactly <c>width * height</c> bytes, row-major.</param>
    /// <exception cref="ArgumentException">The data length does not match the dimensions.</exception>
    public GrayImage(int width, int height, byte[] data)
        : base(width, height, data, "Image")
    {
    }

    /// <summary>Gets or sets a pixel.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public byte this[int x, int y]
    {
        get => Data[(y * Width) + x];
        set => Data[(y * Width) + x] = value;
    }

    /// <summary>The 256-bin histogram of the pixel values.</summary>
    /// <returns>Counts indexed by value.</returns>
    public long[] Histogram()
    {
        // Four interleaved tables break the store-to-load dependency on runs of equal values.
        var h0 = new int[256];
        var h1 = new int[256];
        var h2 = new int[256];
        var h3 = new int[256];
        var data = Data;
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            h0[data[i]]++;
            h1[data[i + 1]]++;
            h2[data[i + 2]]++;
            h3[data[i + 3]]++;
        }

        for (; i < data.Length; i++)
        {
            h0[data[i]]++;
        }

        var result = new long[256];
        for (var v = 0; v < 256; v++)
        {
            result[v] = (long)h0[v] + h1[v] + h2[v] + h3[v];
        }

        return result;
    }

    /// <summary>Thresholds the image: foreground where the value is strictly greater than <paramref name="threshold"/> (OpenCV <c>THRESH_BINARY</c>).</summary>
    /// <param name="threshold">The threshold; values equal to it are background.</param>
    /// <returns>A new mask of the same size.</returns>
    public BinaryMask ToMask(byte threshold)
    {
        var mask = new BinaryMask(Width, Height);
        ReadOnlySpan<byte> src = Data;
        Span<byte> dst = mask.Data;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var limit = new Vector<byte>(threshold);
            for (; i <= src.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (Vector.GreaterThan(new Vector<byte>(src[i..]), limit) & Vector<byte>.One).CopyTo(dst[i..]);
            }
        }

        for (; i < src.Length; i++)
        {
            dst[i] = src[i] > threshold ? (byte)1 : (byte)0;
        }

        return mask;
    }
}
