using BitMiracle.LibTiff.Classic;
using SlideEmbed.Slides;

namespace SlideEmbed.Synthetic.Writing;

/// <content>Stripped Aperio associated images (thumbnail, label, macro), Deflate-compressed.</content>
internal sealed partial class SlideFileWriter
{
    private const int RowsPerStrip = 32;

    // NewSubfileType values as Aperio writes them: thumbnail 0, label reduced (1), macro reduced | 8 (9).
    private const int LabelSubfileType = 1;
    private const int MacroSubfileType = 9;

    private AssociatedImageInfo WriteAssociated(AssociatedImageKind kind)
    {
        var rgb = AssociatedImageRenderer.Render(kind, _spec, _scene, out var width, out var height);
        var (name, subfileType, description) = kind switch
        {
            AssociatedImageKind.Thumbnail => ("thumbnail", 0, AperioDescription.ForThumbnail(_spec, width, height)),
            AssociatedImageKind.Label => ("label", LabelSubfileType, AperioDescription.ForNamed("label", width, height)),
            _ => ("macro", MacroSubfileType, AperioDescription.ForNamed("macro", width, height)),
        };

        TiffTags.Set(_tiff, TiffTag.SUBFILETYPE, subfileType);
        SetImageTags(width, height);
        TiffTags.Set(_tiff, TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
        TiffTags.Set(_tiff, TiffTag.PHOTOMETRIC, Photometric.RGB);
        TiffTags.Set(_tiff, TiffTag.ROWSPERSTRIP, RowsPerStrip);
        TiffTags.Set(_tiff, TiffTag.IMAGEDESCRIPTION, description);
        var stride = width * 3;
        for (int strip = 0, y = 0; y < height; strip++, y += RowsPerStrip)
        {
            var rows = Math.Min(RowsPerStrip, height - y);
            var bytes = DeflateTileEncoder.Compress(rgb.AsSpan(y * stride, rows * stride));
            if (_tiff.WriteRawStrip(strip, bytes, bytes.Length) != bytes.Length)
            {
                throw new IOException($"LibTiff.NET failed to write strip {strip} of the {name} image.");
            }
        }

        if (!_tiff.WriteDirectory())
        {
            throw new IOException($"LibTiff.NET failed to write the directory of the {name} image.");
        }

        AddProgress(1);
        return new AssociatedImageInfo(name, width, height);
    }
}
