using SlideEmbed.Imaging;
using SlideEmbed.Pipeline;
using SlideEmbed.Slides;
using SlideEmbed.Tiling;

namespace SlideEmbed.Output;

/// <summary>
/// Writes the pictures and shapes of a slide's tissue detection, each atomically:
/// <c>&lt;id&gt;.mask.png</c> (tissue white on black, at the detection resolution),
/// <c>&lt;id&gt;.qc.png</c> (see <see cref="QcPicture"/>) and <c>&lt;id&gt;.tissue.geojson</c> (level-0 pixels).
/// </summary>
public static class TilingOutputs
{
    /// <summary>Paths of the files for a slide id in a folder.</summary>
    /// <param name="dir">Output folder.</param>
    /// <param name="slideId">Slide id.</param>
    /// <returns>Mask, QC picture and GeoJSON paths.</returns>
    public static (string Mask, string Qc, string GeoJson) PathsFor(string dir, string slideId) =>
        (Path.Combine(dir, slideId + ".mask.png"), Path.Combine(dir, slideId + ".qc.png"), Path.Combine(dir, slideId + ".tissue.geojson"));

    /// <summary>Writes the three files.</summary>
    /// <param name="dir">Output folder (created when missing).</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="result">Detection and tiling of the slide.</param>
    /// <param name="slide">The slide, for a sharper QC picture; may be null.</param>
    /// <returns>The paths written.</returns>
    public static (string Mask, string Qc, string GeoJson) Write(string dir, string slideId, SlideTilingResult result, ISlideSource? slide)
    {
        ArgumentNullException.ThrowIfNull(result);
        var paths = PathsFor(dir, slideId);
        var mask = result.Detection.Mask;
        var grey = new byte[mask.Data.Length];
        for (var i = 0; i < grey.Length; i++)
        {
            grey[i] = mask.Data[i] != 0 ? (byte)255 : (byte)0;
        }

        AtomicFile.Write(paths.Mask, s => PngEncoder.WriteGray(mask.Width, mask.Height, grey, s));
        QcPicture.WritePng(result, slide, paths.Qc);
        AtomicFile.Write(paths.GeoJson, s => TissueGeoJson.Write(result.Level0Regions, s));
        return paths;
    }
}
