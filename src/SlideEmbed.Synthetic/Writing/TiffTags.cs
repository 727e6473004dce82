using BitMiracle.LibTiff.Classic;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>Tag settings shared by the tile encoders and the slide file, so both describe JPEG data the same way.</summary>
internal static class TiffTags
{
    /// <summary>ReferenceBlackWhite for full-range 8-bit YCbCr, as libtiff's JPEG codec writes it.</summary>
    private static readonly float[] s_fullRangeYCbCr = [0, 255, 128, 255, 128, 255];

    public static void SetJpegPhotometric(Tiff tiff, SyntheticJpegColorSpace colorSpace)
    {
        if (colorSpace == SyntheticJpegColorSpace.YCbCr)
        {
            Set(tiff, TiffTag.PHOTOMETRIC, Photometric.YCBCR);
            Set(tiff, TiffTag.YCBCRSUBSAMPLING, (short)2, (short)2);
            Set(tiff, TiffTag.REFERENCEBLACKWHITE, s_fullRangeYCbCr);
        }
        else
        {
            Set(tiff, TiffTag.PHOTOMETRIC, Photometric.RGB);
        }
    }

    public static void Set(Tiff tiff, TiffTag tag, params object[] values)
    {
        if (!tiff.SetField(tag, values))
        {
            throw new InvalidOperationException($"LibTiff.NET rejected TIFF tag {tag}.");
        }
    }
}
