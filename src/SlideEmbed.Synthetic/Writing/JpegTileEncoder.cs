using BitMiracle.LibTiff.Classic;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// JPEG-in-TIFF tiles coded by LibTiff.NET's own JPEG codec running on a private one-tile TIFF that
/// writes into a <see cref="CaptureTiffStream"/>; the bytes LibTiff.NET appends for the tile are
/// exactly the abbreviated JPEG stream (no tables) that belongs in the real file, whose JPEGTables
/// tag gets <see cref="Tables"/>. Tables depend only on quality and colour space, so every encoder
/// with the same settings produces the same tables, and tiles from any of them decode with them.
/// </summary>
internal sealed class JpegTileEncoder : TileEncoder
{
    private readonly CaptureTiffStream _stream = new();
    private readonly Tiff _tiff;
    private byte[]? _tables;

    public JpegTileEncoder(int tileSize, int quality, SyntheticJpegColorSpace colorSpace)
        : base(tileSize)
    {
        _tiff = Tiff.ClientOpen("jpeg-tile-encoder", "w", _stream, _stream)
            ?? throw new InvalidOperationException("LibTiff.NET could not create the in-memory JPEG tile encoder.");
        Require(_tiff.SetField(TiffTag.IMAGEWIDTH, tileSize));
        Require(_tiff.SetField(TiffTag.IMAGELENGTH, tileSize));
        Require(_tiff.SetField(TiffTag.TILEWIDTH, tileSize));
        Require(_tiff.SetField(TiffTag.TILELENGTH, tileSize));
        Require(_tiff.SetField(TiffTag.BITSPERSAMPLE, 8));
        Require(_tiff.SetField(TiffTag.SAMPLESPERPIXEL, 3));
        Require(_tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG));
        Require(_tiff.SetField(TiffTag.COMPRESSION, Compression.JPEG));
        TiffTags.SetJpegPhotometric(_tiff, colorSpace);
        Require(_tiff.SetField(TiffTag.JPEGQUALITY, quality));

        // The codec converts our RGB input to YCbCr itself (and subsamples) when photometric is YCbCr.
        Require(_tiff.SetField(TiffTag.JPEGCOLORMODE, JpegColorMode.RGB));
    }

    /// <summary>The JPEGTables bytes; available after the first <see cref="Encode"/>.</summary>
    public byte[] Tables => _tables ?? throw new InvalidOperationException("Encode a tile first.");

    /// <summary>Set by the writer once it has checked <see cref="Tables"/> against the file's.</summary>
    public bool TablesVerified { get; set; }

    public override EncodedTile Encode(int tileSize)
    {
        if (tileSize != TileSize)
        {
            throw new ArgumentOutOfRangeException(nameof(tileSize), tileSize, $"This encoder codes {TileSize}-pixel tiles only.");
        }

        _stream.BeginCapture();
        var written = _tiff.WriteEncodedTile(0, Pixels, Pixels.Length);
        var bytes = _stream.EndCapture();
        if (written != Pixels.Length || bytes.Length == 0)
        {
            throw new InvalidOperationException($"LibTiff.NET failed to JPEG-encode a tile (returned {written}); see its error output.");
        }

        if (_tables is null)
        {
            var field = _tiff.GetField(TiffTag.JPEGTABLES)
                ?? throw new InvalidOperationException("LibTiff.NET produced no JPEGTables.");
            var count = field[0].ToInt();
            _tables = field[1].ToByteArray().AsSpan(0, count).ToArray();
        }

        return EncodedTile.Rent(bytes);
    }

    public override void Dispose() => _tiff.Dispose();

    private static void Require(bool ok)
    {
        if (!ok)
        {
            throw new InvalidOperationException("LibTiff.NET rejected a tag of the JPEG tile encoder.");
        }
    }
}
