using SlideEmbed.Geometry;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Synthetic.Tests;

/// <summary>Small slides written once for all writer tests of a class, in a temporary folder deleted afterwards.</summary>
public sealed class WrittenSlides : IDisposable
{
    public WrittenSlides()
    {
        Folder = TestAssets.NewTempDir();

        // 1000 x 750 does not divide by 8, so level sizes are rounded up and OpenSlide's downsamples are not integers.
        GenericDeflateSpec = SyntheticSlides.TissueWithHoles(1000, 750, MicronsPerPixel.Isotropic(0.5)) with
        {
            Compression = SyntheticCompression.Deflate,
            Downsamples = [1, 2, 4, 8],
            Seed = 11,
        };
        GenericDeflate = SyntheticSlideWriter.Write(Path.Combine(Folder, "generic-deflate.tiff"), GenericDeflateSpec);

        AperioJpegSpec = SyntheticSlides.TissueWithHoles(2048, 1536, MicronsPerPixel.Isotropic(0.25), SyntheticSlideStyle.Aperio) with
        {
            IncludeThumbnail = true,
            IncludeLabel = true,
            IncludeMacro = true,
            Seed = 5,
        };
        AperioJpeg = SyntheticSlideWriter.Write(Path.Combine(Folder, "aperio-jpeg.svs"), AperioJpegSpec);

        GenericRgbJpegSpec = SyntheticSlides.TissueWithHoles(1024, 768, new MicronsPerPixel(0.25, 0.3)) with
        {
            JpegColorSpace = SyntheticJpegColorSpace.Rgb,
            Downsamples = [1, 2],
            TileSize = 128,
        };
        GenericRgbJpeg = SyntheticSlideWriter.Write(Path.Combine(Folder, "generic-rgb-jpeg.tiff"), GenericRgbJpegSpec);
    }

    public string Folder { get; }

    public SyntheticSlideSpec GenericDeflateSpec { get; }

    public SyntheticSlideInfo GenericDeflate { get; }

    public SyntheticSlideSpec AperioJpegSpec { get; }

    public SyntheticSlideInfo AperioJpeg { get; }

    public SyntheticSlideSpec GenericRgbJpegSpec { get; }

    public SyntheticSlideInfo GenericRgbJpeg { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
