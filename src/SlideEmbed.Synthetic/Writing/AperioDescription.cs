using System.Globalization;
using SlideEmbed.Geometry;

namespace SlideEmbed.Synthetic.Writing;

/// <summary>
/// ImageDescription texts. Aperio: a header line starting with <c>Aperio Image Library</c>, then
/// <c>|key = value</c> pairs that OpenSlide turns into <c>aperio.key</c> properties (MPP and AppMag
/// also into <c>openslide.mpp-x/y</c> and <c>openslide.objective-power</c>). Associated images carry
/// their name as the first word of the second line, separated by a bare <c>\n</c>: OpenSlide 3.4.1 splits
/// on each of <c>\r</c> and <c>\n</c>, so <c>\r\n</c> would leave an empty second line and no name.
/// </summary>
internal static class AperioDescription
{
    private const string Header = "Aperio Image Library v12.0.15 (SlideEmbed.Synthetic)";

    public static string ForLevel(SyntheticSlideSpec spec, SlideLevel level)
    {
        var mpp = spec.Mpp.X.ToString("R", CultureInfo.InvariantCulture);
        var mag = spec.EffectiveObjectivePower().ToString("0.##", CultureInfo.InvariantCulture);
        var codec = spec.Compression == SyntheticCompression.Jpeg
            ? string.Create(CultureInfo.InvariantCulture, $"JPEG/{(spec.JpegColorSpace == SyntheticJpegColorSpace.Rgb ? "RGB" : "YCbCr")} Q={spec.JpegQuality}")
            : "Deflate";
        var geometry = level.Index == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{spec.Width}x{spec.Height} [0,0 {spec.Width}x{spec.Height}] ({spec.TileSize}x{spec.TileSize}) {codec}")
            : string.Create(CultureInfo.InvariantCulture, $"{spec.Width}x{spec.Height} -> {level.Width}x{level.Height} - ({spec.TileSize}x{spec.TileSize}) {codec}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Header}\r\n{geometry}|MPP = {mpp}|AppMag = {mag}|Filename = synthetic|Seed = {spec.Seed}|Generator = SlideEmbed.Synthetic");
    }

    public static string ForThumbnail(SyntheticSlideSpec spec, int width, int height) =>
        string.Create(CultureInfo.InvariantCulture, $"{Header}\r\n{spec.Width}x{spec.Height} -> {width}x{height} - |MPP = {spec.Mpp.X.ToString("R", CultureInfo.InvariantCulture)}|AppMag = {spec.EffectiveObjectivePower().ToString("0.##", CultureInfo.InvariantCulture)}");

    public static string ForNamed(string name, int width, int height) =>
        string.Create(CultureInfo.InvariantCulture, $"{Header}\n{name} {width}x{height}");

    public static string ForGeneric(SyntheticSlideSpec spec, SlideLevel level) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"SlideEmbed synthetic slide {spec.Width}x{spec.Height} at {spec.Mpp} mpp, level {level.Index} ({level.Width}x{level.Height}, downsample {level.Downsample}), seed {spec.Seed}");
}
