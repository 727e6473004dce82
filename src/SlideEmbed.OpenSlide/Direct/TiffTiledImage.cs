namespace SlideEmbed.OpenSlide.Direct;

/// <summary>One tiled TIFF image directory, as much of it as direct tile reads need.</summary>
/// <param name="Index">Directory number, from 0.</param>
/// <param name="Width">ImageWidth.</param>
/// <param name="Height">ImageLength.</param>
/// <param name="TileWidth">TileWidth.</param>
/// <param name="TileHeight">TileLength.</param>
/// <param name="Compression">Compression (7 is JPEG).</param>
/// <param name="Photometric">PhotometricInterpretation (2 RGB, 6 YCbCr).</param>
/// <param name="SamplesPerPixel">SamplesPerPixel.</param>
/// <param name="BitsPerSample">BitsPerSample of every sample, or 0 when they differ.</param>
/// <param name="PlanarConfiguration">PlanarConfiguration (1 is interleaved).</param>
/// <param name="TileOffsets">TileOffsets, row by row.</param>
/// <param name="TileByteCounts">TileByteCounts.</param>
/// <param name="JpegTables">JPEGTables (an abbreviated table-specification stream), or null.</param>
internal sealed record TiffTiledImage(
    int Index,
    long Width,
    long Height,
    int TileWidth,
    int TileHeight,
    int Compression,
    int Photometric,
    int SamplesPerPixel,
    int BitsPerSample,
    int PlanarConfiguration,
    long[] TileOffsets,
    long[] TileByteCounts,
    byte[]? JpegTables)
{
    /// <summary>TIFF Compression value of JPEG ("new-style", TIFF technote 2).</summary>
    public const int CompressionJpeg = 7;

    /// <summary>PhotometricInterpretation RGB.</summary>
    public const int PhotometricRgb = 2;

    /// <summary>PhotometricInterpretation YCbCr.</summary>
    public const int PhotometricYCbCr = 6;

    /// <summary>Largest tile side read directly (a decoded tile must fit one array).</summary>
    public const int MaxTileSide = 8192;

    /// <summary>Tiles per row.</summary>
    public int TilesAcross => (int)((Width + TileWidth - 1) / TileWidth);

    /// <summary>Tile rows.</summary>
    public int TilesDown => (int)((Height + TileHeight - 1) / TileHeight);

    /// <summary>8-bit, 3-sample, interleaved, JPEG-compressed RGB or YCbCr tiles of at most <see cref="MaxTileSide"/> pixels a side, with one offset per tile.</summary>
    public bool IsJpegRgb =>
        Compression == CompressionJpeg
        && Photometric is PhotometricRgb or PhotometricYCbCr
        && SamplesPerPixel == 3
        && BitsPerSample == 8
        && PlanarConfiguration == 1
        && TileWidth <= MaxTileSide
        && TileHeight <= MaxTileSide
        && TileOffsets.Length == (long)TilesAcross * TilesDown
        && TileByteCounts.Length == TileOffsets.Length;
}
