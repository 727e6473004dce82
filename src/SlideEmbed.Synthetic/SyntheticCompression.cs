namespace SlideEmbed.Synthetic;

/// <summary>How the tiles of a synthetic slide are compressed.</summary>
public enum SyntheticCompression
{
    /// <summary>JPEG (TIFF compression 7, shared tables in JPEGTables), lossy; the usual choice of scanners.</summary>
    Jpeg,

    /// <summary>Deflate/zlib (TIFF compression 8), lossless: pixels read back equal <see cref="SyntheticScene.ExpectedColor"/> exactly.</summary>
    Deflate,
}
