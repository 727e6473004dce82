using System.Buffers;

namespace SlideEmbed.Imaging;

/// <summary>
/// An 8-bit interleaved RGB image in a buffer rented from <see cref="ArrayPool{T}"/>; rows are
/// <see cref="Stride"/> bytes apart with no padding beyond <c>Width * 3</c>.
/// </summary>
/// <remarks>
/// Dispose returns the buffer to the pool; spans taken before disposal must not be used after it.
/// Not thread-safe for concurrent writes; concurrent reads are fine.
/// </remarks>
public sealed class RgbImage : IDisposable
{
    private byte[]? _buffer;

    /// <summary>Rents a buffer for a <paramref name="width"/> x <paramref name="height"/> image. Contents are undefined until written.</summary>
    /// <param name="width">Width in pixels, &gt;= 0.</param>
    /// <param name="height">Height in pixels, &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or the image exceeds 2 GiB.</exception>
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var length = (long)width * height * 3;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An RGB image of {width} x {height} does not fit in one buffer; read it in stripes.");
        }

        Width = width;
        Height = height;
        _buffer = ArrayPool<byte>.Shared.Rent((int)length);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per row: <c>Width * 3</c>.</summary>
    public int Stride => Width * 3;

    /// <summary>All pixels, row-major, R G B per pixel, exactly <c>Width * Height * 3</c> bytes.</summary>
    public Span<byte> Pixels => Buffer.AsSpan(0, Stride * Height);

    /// <summary>The bytes of row <paramref name="y"/>.</summary>
    /// <param name="y">Row index, 0-based.</param>
    /// <returns>The row's <see cref="Stride"/> bytes.</returns>
    public Span<byte> Row(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Buffer.AsSpan(y * Stride, Stride);
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(RgbImage));

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
