namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// Compresses whole tiles (square, interleaved RGB, at most TileSize on a side) into the bytes a TIFF tile holds.
/// Each instance owns its pixel buffer and codec state: one thread at a time.
/// </summary>
internal abstract class TileEncoder : IDisposable
{
    protected TileEncoder(int tileSize)
    {
        TileSize = tileSize;
        Pixels = new byte[tileSize * tileSize * 3];
    }

    public int TileSize { get; }

    /// <summary>Scratch pixels the caller renders a tile into before <see cref="Encode"/>.</summary>
    public byte[] Pixels { get; }

    public static TileEncoder Create(SyntheticSlideSpec spec) => spec.Compression switch
    {
        SyntheticCompression.Jpeg => new JpegTileEncoder(spec.TileSize, spec.JpegQuality, spec.JpegColorSpace),
        _ => new DeflateTileEncoder(spec.TileSize),
    };

    /// <summary>Compresses the first <c>tileSize * tileSize * 3</c> bytes of <see cref="Pixels"/>.</summary>
    public abstract EncodedTile Encode(int tileSize);

    public abstract void Dispose();
}
