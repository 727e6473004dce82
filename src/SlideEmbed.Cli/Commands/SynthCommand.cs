using System.Globalization;
using SlideEmbed.Geometry;
using SlideEmbed.Synthetic;

namespace SlideEmbed.Cli.Commands;

/// <summary><c>slideembed synth OUT</c>: writes a synthetic slide with known tissue (for demos, tests and benchmarks).</summary>
public static class SynthCommand
{
    /// <summary>Creates the command.</summary>
    /// <param name="context">Output writers.</param>
    /// <returns>The command.</returns>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Argument<string>("output") { Description = "The TIFF file to write (.svs for the Aperio style, .tiff otherwise)." };
        var width = new Option<long>("--width") { Description = "Level-0 width in pixels.", DefaultValueFactory = _ => 8000 };
        var height = new Option<long>("--height") { Description = "Level-0 height in pixels.", DefaultValueFactory = _ => 6000 };
        var mpp = new Option<double>("--slide-mpp") { Description = "Level-0 microns per pixel.", DefaultValueFactory = _ => 0.25 };
        var style = new Option<string>("--style") { Description = "aperio (vendor aperio, openslide.mpp) or generic (generic-tiff, TIFF resolution tags).", DefaultValueFactory = _ => "aperio" };
        var gigapixel = new Option<bool>("--gigapixel") { Description = "The 40000 x 30000 benchmark slide at 0.25 um/px (ignores --width/--height/--slide-mpp)." };
        var command = new Command("synth", "Write a synthetic pyramidal slide (tiled JPEG TIFF) with tissue regions, holes and specks whose geometry is known exactly.")
        {
            output, width, height, mpp, style, gigapixel,
        };
        command.SetAction((parse, ct) =>
        {
            SyntheticSlideStyle chosen;
            SyntheticSlideSpec spec;
            try
            {
                chosen = parse.GetValue(style)!.ToLowerInvariant() switch
                {
                    "aperio" => SyntheticSlideStyle.Aperio,
                    "generic" => SyntheticSlideStyle.Generic,
                    var other => throw new ArgumentException($"Unknown style '{other}': use aperio or generic."),
                };
                spec = parse.GetValue(gigapixel)
                    ? SyntheticSlides.Gigapixel(chosen)
                    : SyntheticSlides.TissueWithHoles(parse.GetValue(width), parse.GetValue(height), MicronsPerPixel.Isotropic(parse.GetValue(mpp)), chosen);
            }
            catch (ArgumentException e)
            {
                context.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            var path = Path.GetFullPath(parse.GetValue(output)!);
            var info = SyntheticSlideWriter.Write(path, spec, cancellationToken: ct);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path}: {spec.Width} x {spec.Height} at {spec.Mpp} um/px, {chosen}, levels {string.Join(", ", info.Levels.Select(l => $"{l.Width}x{l.Height}"))}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
