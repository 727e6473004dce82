namespace SlideEmbed.Tissue;

/// <summary>
/// A binary image (one byte per pixel, 0 = background, 1 = foreground), row-major with stride
/// <see cref="BytePlane.Width"/>. Used for tissue masks at the detection resolution.
/// </summary>
public sealed class BinaryMask : BytePlane
{
    /// <summary>Creates an all-background mask.</summary>
    /// <param name="width">Width in pixels, &gt;= 0.</param>
    /// <param name="height">Height in pixels, &gt;= 0.</param>
    public BinaryMask(int width, int height)
        : this(width, height, new byte[checked(width * height)])
    {
    }

    /// <summary>Wraps existing data (not copied): 0 = background, any other value is treated as 1 by readers but should be 1.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="data">Exactly <c>width * height</c> bytes.</param>
    /// <exception cref="ArgumentException">The data length does not match the dimensions.</exception>
    public BinaryMask(int width, int height, byte[] data)
        : base(width, height, data, "Mask")
    {
    }

    /// <summary>Gets or sets a pixel (true = foreground).</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public bool this[int x, int y]
    {
        get => Data[(y * Width) + x] != 0;
        set => Data[(y * Width) + x] = value ? (byte)1 : (byte)0;
    }

    /// <summary>Number of foreground pixels.</summary>
    /// <returns>The count.</returns>
    public long CountForeground()
    {
        long n = 0;
        foreach (var b in Data)
        {
            n += b != 0 ? 1 : 0;
        }

        return n;
    }
}
