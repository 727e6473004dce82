namespace SlideEmbed.Synthetic;

/// <summary>The colour space JPEG tiles are coded in (the TIFF PhotometricInterpretation of a JPEG level).</summary>
public enum SyntheticJpegColorSpace
{
    /// <summary>YCbCr with 2 x 2 chroma subsampling (photometric YCbCr): smaller and faster; colours blur over about two pixels at edges.</summary>
    YCbCr,

    /// <summary>
    /// R, G and B coded as they are (photometric RGB), as Aperio does: no chroma subsampling, larger files.
    /// The JPEG streams carry no marker saying so; readers must take the colour space from the TIFF tag
    /// (OpenSlide does).
    /// </summary>
    Rgb,
}
