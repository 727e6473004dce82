using System.Text.Json.Nodes;
using SlideEmbed.Arrow;
using SlideEmbed.Geometry;
using SlideEmbed.Imaging;
using SlideEmbed.OpenSlide;
using SlideEmbed.Output;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Commands;

/// <summary>
/// The slide thumbnail a heatmap is painted on: the slide given, else the slide recorded in the tile
/// file's provenance when it still exists; read at the resolution that makes its long side about
/// <see cref="QcPicture.TargetLongSide"/> pixels.
/// </summary>
internal static class HeatmapBackground
{
    /// <summary>The thumbnail, or null when no slide is given or recorded (a white canvas is used).</summary>
    /// <exception cref="InvalidDataException">The slide cannot be opened or has no resolution; the message names it.</exception>
    public static LowResolutionImage? Read(string? slidePath, string tileFile)
    {
        var provenance = ArrowMetadata.TryRead(tileFile) is { } meta && meta.TryGetValue(Provenance.MetadataKey, out var json) ? Parse(json) : null;
        var path = slidePath ?? (provenance?["slide_path"]?.GetValue<string>() is { } recorded && File.Exists(recorded) ? recorded : null);
        if (path is null)
        {
            return null;
        }

        try
        {
            using var slide = OpenSlideSource.Open(path);
            var config = provenance?["config"];
            var mpp = config?["slide_mpp_x"] is { } x && config["slide_mpp_y"] is { } y
                ? new MicronsPerPixel(x.GetValue<double>(), y.GetValue<double>())
                : ResolutionResolver.Resolve(path, slide.Properties).Mpp;
            var longSide = Math.Max(slide.Levels[0].Width, slide.Levels[0].Height);
            var wanted = Math.Max(mpp.Mean, longSide * mpp.Mean / QcPicture.TargetLongSide);
            return LowResolutionImage.Read(slide, mpp, new LowResolutionOptions { TargetMpp = MicronsPerPixel.Isotropic(wanted), MaxMpp = MicronsPerPixel.Isotropic(wanted) });
        }
        catch (Exception e) when (e is SlideException or IOException)
        {
            throw new InvalidDataException($"cannot paint on slide '{path}': {e.Message} (give --slide PATH, or --slide none for a white canvas)", e);
        }
    }

    private static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
