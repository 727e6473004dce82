using System.Globalization;
using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Inspect;

/// <summary>Writes a <see cref="SlideInspection"/> as a readable block with a level table.</summary>
public static class InspectionTable
{
    /// <summary>Writes one slide.</summary>
    /// <param name="r">The inspection.</param>
    /// <param name="w">The writer.</param>
    public static void Write(SlideInspection r, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(w);
        var c = CultureInfo.InvariantCulture;
        w.WriteLine(Path.GetFileName(r.Path));
        Row(w, "path", r.Path);
        Row(w, "file size", r.FileSizeBytes is { } size ? FormatBytes(size) : "file not found");
        if (!r.Opened)
        {
            Row(w, "status", $"CANNOT OPEN ({r.Error!.Kind}): {r.Error.LibraryMessage ?? r.Error.Message}");
            w.WriteLine();
            return;
        }

        Row(w, "vendor", r.Vendor!);
        Row(w, "mpp", r.Resolution is { } res
            ? $"{res.Mpp} um/px ({res.Source}: {res.Detail})"
            : $"unknown: {r.ResolutionError}");
        Row(w, "objective", r.ObjectivePower is { } obj ? string.Create(c, $"{obj.Power:0.##}x ({obj.Key})") : "not stated");
        Row(w, "background", r.BackgroundColor ?? "#FFFFFF");
        Row(w, "associated", r.AssociatedImages.Count == 0
            ? "none"
            : string.Join(", ", r.AssociatedImages.Select(a => string.Create(c, $"{a.Name} {a.Width}x{a.Height}"))));
        w.WriteLine(string.Create(c, $"  {"level",5}  {"width",9}  {"height",9}  {"downsample",12}  {"mpp",14}"));
        foreach (var level in r.Levels)
        {
            var mpp = r.Resolution is { } rr ? rr.Mpp.AtDownsample(level.Downsample).ToString() : "-";
            w.WriteLine(string.Create(c, $"  {level.Index,5}  {level.Width,9}  {level.Height,9}  {level.Downsample,12:0.####}  {mpp,14}"));
        }

        w.WriteLine();
    }

    internal static string FormatBytes(long bytes)
    {
        var c = CultureInfo.InvariantCulture;
        return bytes switch
        {
            >= 1L << 30 => string.Create(c, $"{bytes / (double)(1L << 30):0.##} GiB ({bytes} bytes)"),
            >= 1L << 20 => string.Create(c, $"{bytes / (double)(1L << 20):0.##} MiB ({bytes} bytes)"),
            >= 1L << 10 => string.Create(c, $"{bytes / 1024.0:0.##} KiB ({bytes} bytes)"),
            _ => string.Create(c, $"{bytes} bytes"),
        };
    }

    private static void Row(TextWriter w, string name, string value) => w.WriteLine($"  {name,-11} {value}");
}
