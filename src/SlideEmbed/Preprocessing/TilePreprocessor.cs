using SlideEmbed.Imaging;

namespace SlideEmbed.Preprocessing;

/// <summary>
/// Applies a <see cref="TileTransform"/> to RGB tiles and writes normalised planar (CHW) values into
/// a batch slot, matching torchvision on PIL images: resize through <see cref="PilResampler"/> (bit
/// exact), centre crop with torchvision's offsets (<c>round((in - crop) / 2)</c>, half to even, as
/// Python's <c>round</c>), then <c>(b / 255f - mean) / std</c> in float32 through a per-channel lookup
/// table, which gives the very floats torchvision computes. Where the CPU has 128- or 256-bit vectors,
/// the float32 output is computed 16 pixels at a time with that same expression, lane by lane, which
/// gives the table's floats.
/// </summary>
/// <remarks>Thread-safe; callers pass their own scratch buffers so no tile allocates.</remarks>
public sealed partial class TilePreprocessor
{
    private readonly float[] _lut; // 3 x 256
    private readonly float[] _mean; // R, G, B
    private readonly float[] _std;

    /// <summary>Creates a preprocessor for a transform.</summary>
    /// <param name="transform">The transform; validated.</param>
    public TilePreprocessor(TileTransform transform)
    {
        ArgumentNullException.ThrowIfNull(transform);
        transform.Validate();
        Transform = transform;
        _mean = [.. transform.Mean];
        _std = [.. transform.Std];
        _lut = new float[3 * 256];
        for (var c = 0; c < 3; c++)
        {
            for (var b = 0; b < 256; b++)
            {
                _lut[(c * 256) + b] = ((b / 255f) - transform.Mean[c]) / transform.Std[c];
            }
        }
    }

    /// <summary>The transform applied.</summary>
    public TileTransform Transform { get; }

    /// <summary>Scratch bytes <see cref="Process(ReadOnlySpan{byte}, int, int, Span{float}, Span{byte})"/> needs for a tile size.</summary>
    /// <param name="width">Tile width.</param>
    /// <param name="height">Tile height.</param>
    /// <returns>Bytes.</returns>
    public int ScratchBytes(int width, int height)
    {
        var (rw, rh) = Transform.ResizedSize(width, height);
        return (rw * rh * 3) + PilResampler.ScratchBytes(width, height, rw, rh, Transform.Interpolation);
    }

    /// <summary>Resizes, crops and normalises one tile into <paramref name="destination"/> (C x H x W float32).</summary>
    /// <param name="rgb">Tile pixels, interleaved RGB, stride <c>width * 3</c>.</param>
    /// <param name="width">Tile width.</param>
    /// <param name="height">Tile height.</param>
    /// <param name="destination">At least <c>3 * outW * outH</c> floats.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes.</param>
    public void Process(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination, Span<byte> scratch) =>
        Process(rgb, width, height, destination, scratch, PixelSimd.Auto);

    /// <summary>As <see cref="Process(ReadOnlySpan{byte}, int, int, Span{float}, Span{byte})"/> with a chosen implementation of the resize and the normalisation.</summary>
    /// <param name="rgb">Tile pixels, interleaved RGB, stride <c>width * 3</c>.</param>
    /// <param name="width">Tile width.</param>
    /// <param name="height">Tile height.</param>
    /// <param name="destination">At least <c>3 * outW * outH</c> floats.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes.</param>
    /// <param name="simd">Implementation; must be supported by this CPU.</param>
    internal void Process(ReadOnlySpan<byte> rgb, int width, int height, Span<float> destination, Span<byte> scratch, PixelSimd simd)
    {
        var path = PixelSimdSupport.Resolve(simd);
        var (w, h, inScratch) = Resize(rgb, width, height, scratch, path);
        var pixels = inScratch ? (ReadOnlySpan<byte>)scratch[..(w * h * 3)] : rgb;
        var (ox, oy, cw, ch) = CropWindow(w, h);
        var plane = cw * ch;
        if (destination.Length < plane * 3)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {cw} x {ch} x 3 are needed.", nameof(destination));
        }

        for (var y = 0; y < ch; y++)
        {
            var row = pixels.Slice((((oy + y) * w) + ox) * 3, cw * 3);
            var o = y * cw;
            NormaliseRow(row, destination.Slice(o, cw), destination.Slice(plane + o, cw), destination.Slice((2 * plane) + o, cw), path);
        }
    }

    /// <summary>As <see cref="Process(ReadOnlySpan{byte}, int, int, Span{float}, Span{byte})"/> but writing float16 (values rounded to nearest).</summary>
    /// <param name="rgb">Tile pixels.</param>
    /// <param name="width">Tile width.</param>
    /// <param name="height">Tile height.</param>
    /// <param name="destination">At least <c>3 * outW * outH</c> halves.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes.</param>
    public void Process(ReadOnlySpan<byte> rgb, int width, int height, Span<Half> destination, Span<byte> scratch)
    {
        var (w, h, inScratch) = Resize(rgb, width, height, scratch, PixelSimd.Auto);
        var pixels = inScratch ? (ReadOnlySpan<byte>)scratch[..(w * h * 3)] : rgb;
        var (ox, oy, cw, ch) = CropWindow(w, h);
        var plane = cw * ch;
        if (destination.Length < plane * 3)
        {
            throw new ArgumentException($"The destination holds {destination.Length} halves; {cw} x {ch} x 3 are needed.", nameof(destination));
        }

        for (var y = 0; y < ch; y++)
        {
            var row = pixels.Slice((((oy + y) * w) + ox) * 3, cw * 3);
            var o = y * cw;
            for (var x = 0; x < cw; x++)
            {
                destination[o + x] = (Half)_lut[row[x * 3]];
                destination[plane + o + x] = (Half)_lut[256 + row[(x * 3) + 1]];
                destination[(2 * plane) + o + x] = (Half)_lut[512 + row[(x * 3) + 2]];
            }
        }
    }

    /// <summary>The crop window inside an image of the given size: left, top, width, height.</summary>
    /// <param name="width">Image width after resize.</param>
    /// <param name="height">Image height after resize.</param>
    /// <returns>The window.</returns>
    public (int X, int Y, int Width, int Height) CropWindow(int width, int height)
    {
        if (Transform.CropSize is not { } c)
        {
            return (0, 0, width, height);
        }

        if (c > width || c > height)
        {
            throw new ArgumentException($"A {c} px centre crop does not fit a {width} x {height} image; the tile is too small for this model.");
        }

        return ((int)Math.Round((width - c) / 2.0, MidpointRounding.ToEven), (int)Math.Round((height - c) / 2.0, MidpointRounding.ToEven), c, c);
    }

    // Resizes into the head of `scratch` when needed; returns the size and whether scratch holds the pixels.
    private (int Width, int Height, bool InScratch) Resize(ReadOnlySpan<byte> rgb, int width, int height, Span<byte> scratch, PixelSimd simd)
    {
        var (rw, rh) = Transform.ResizedSize(width, height);
        if (rw == width && rh == height)
        {
            return (width, height, false);
        }

        PilResampler.Resize(rgb, width, height, scratch[..(rw * rh * 3)], rw, rh, Transform.Interpolation, scratch[(rw * rh * 3)..], simd);
        return (rw, rh, true);
    }
}
