namespace SlideEmbed.Tissue;

/// <summary>
/// One byte per pixel, row-major with stride <see cref="Width"/>: the storage shared by
/// <see cref="GrayImage"/> and <see cref="BinaryMask"/> at the detection resolution.
/// </summary>
/// <remarks>Not thread-safe for concurrent writes; concurrent reads are fine.</remarks>
public abstract class BytePlane
{
    /// <summary>Wraps existing data (not copied).</summary>
    /// <param name="width">Width in pixels, &gt;= 0.</param>
    /// <param name="height">Height in pixels, &gt;= 0.</param>
    /// <param name="data">Exactly <c>width * height</c> bytes, row-major.</param>
    /// <param name="noun">What the data is, for the error message (<c>Image</c>, <c>Mask</c>).</param>
    /// <exception cref="ArgumentException">The data length does not match the dimensions.</exception>
    protected BytePlane(int width, int height, byte[] data, string noun)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != (long)width * height)
        {
            throw new ArgumentException($"{noun} data has {data.Length} bytes; {width} x {height} needs {(long)width * height}.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major, one byte each.</summary>
    public byte[] Data { get; }

    /// <summary>The bytes of row <paramref name="y"/>.</summary>
    /// <param name="y">Row index, 0-based.</param>
    /// <returns>The row's <see cref="Width"/> bytes.</returns>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Data.AsSpan(y * Width, Width);
    }
}
