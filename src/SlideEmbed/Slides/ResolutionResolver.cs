using System.Globalization;
using SlideEmbed.Geometry;

namespace SlideEmbed.Slides;

/// <summary>
/// Resolves a slide's level-0 microns per pixel through a fixed, documented chain, and its objective
/// power separately (objective power is reported, never used to guess a resolution).
/// </summary>
/// <remarks>
/// The chain, first usable value wins:
/// <list type="number">
/// <item><c>openslide.mpp-x</c> and <c>openslide.mpp-y</c>;</item>
/// <item>vendor keys: <c>aperio.MPP</c>; <c>mirax.LAYER_0_LEVEL_0_SECTION.MICROMETER_PER_PIXEL_X/Y</c>;
/// <c>philips.DICOM_PIXEL_SPACING</c> (millimetres, row spacing first); <c>ventana.ScanRes</c>;</item>
/// <item>TIFF <c>tiff.XResolution</c>/<c>tiff.YResolution</c> with <c>tiff.ResolutionUnit</c> of
/// <c>centimeter</c> or <c>inch</c>, accepted only when the result is a plausible microscope resolution
/// (<see cref="MinPlausibleMpp"/> to <see cref="MaxPlausibleMpp"/>), which rejects the 72 and 96 dpi
/// defaults that image tools write;</item>
/// <item>the user's override (a per-slide value or a row of a slide,mpp CSV).</item>
/// </list>
/// An override in <see cref="MppOverrideMode.Force"/> mode is used before the chain instead. When
/// nothing is found, <see cref="MissingResolutionException"/> names the slide and the options that fix it.
/// </remarks>
public static class ResolutionResolver
{
    /// <summary>Smallest TIFF-tag resolution accepted, in microns per pixel.</summary>
    public const double MinPlausibleMpp = 0.01;

    /// <summary>Largest TIFF-tag resolution accepted, in microns per pixel.</summary>
    public const double MaxPlausibleMpp = 50;

    private static readonly string[] s_objectiveKeys =
    [
        "openslide.objective-power",
        "aperio.AppMag",
        "hamamatsu.SourceLens",
        "mirax.GENERAL.OBJECTIVE_MAGNIFICATION",
        "leica.objective",
    ];

    /// <summary>Resolves the level-0 resolution of a slide.</summary>
    /// <param name="slidePath">Path of the slide, for the error message and override lookup.</param>
    /// <param name="properties">The slide's properties.</param>
    /// <param name="overrides">User overrides, or null.</param>
    /// <returns>The resolution and its source.</returns>
    /// <exception cref="MissingResolutionException">No link of the chain gave a value.</exception>
    public static SlideResolution Resolve(string slidePath, IReadOnlyDictionary<string, string> properties, MppOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var userValue = overrides?.Find(slidePath);
        if (userValue is { } forced && overrides!.Mode == MppOverrideMode.Force)
        {
            return new SlideResolution(forced.Mpp, ResolutionSource.ForcedOverride, forced.Origin);
        }

        return FromProperties(properties)
            ?? (userValue is { } fallback ? new SlideResolution(fallback.Mpp, ResolutionSource.Override, fallback.Origin) : null)
            ?? throw new MissingResolutionException(
                slidePath,
                $"No microns-per-pixel value for slide '{slidePath}': it has no openslide.mpp-x/y, vendor resolution key or usable TIFF resolution tag. " +
                "Give it with --slide-mpp <value> for this slide or --slide-mpp-csv <file> (columns slide,mpp) for many.");
    }

    /// <summary>Resolves the resolution from the file's metadata alone, without overrides.</summary>
    /// <param name="properties">The slide's properties.</param>
    /// <returns>The resolution, or null when the metadata has none.</returns>
    public static SlideResolution? FromProperties(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return FromPair(properties, "openslide.mpp-x", "openslide.mpp-y", ResolutionSource.OpenSlideProperty, 1)
            ?? FromPair(properties, "aperio.MPP", "aperio.MPP", ResolutionSource.VendorProperty, 1)
            ?? FromPair(properties, "mirax.LAYER_0_LEVEL_0_SECTION.MICROMETER_PER_PIXEL_X", "mirax.LAYER_0_LEVEL_0_SECTION.MICROMETER_PER_PIXEL_Y", ResolutionSource.VendorProperty, 1)
            ?? FromPhilips(properties)
            ?? FromPair(properties, "ventana.ScanRes", "ventana.ScanRes", ResolutionSource.VendorProperty, 1)
            ?? FromTiff(properties);
    }

    /// <summary>The objective power the file states, or null; never derived from the resolution.</summary>
    /// <param name="properties">The slide's properties.</param>
    /// <returns>The magnification (e.g. 20 or 40) and the key that gave it, or null.</returns>
    public static (double Power, string Key)? ObjectivePower(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        foreach (var key in s_objectiveKeys)
        {
            if (properties.TryGetValue(key, out var text) && TryParsePositive(text, out var value))
            {
                return (value, key);
            }
        }

        return null;
    }

    private static SlideResolution? FromPair(IReadOnlyDictionary<string, string> p, string keyX, string keyY, ResolutionSource source, double scale)
    {
        if (p.TryGetValue(keyX, out var tx) && p.TryGetValue(keyY, out var ty)
            && TryParsePositive(tx, out var x) && TryParsePositive(ty, out var y))
        {
            var detail = keyX == keyY ? keyX : $"{keyX}, {keyY}";
            return new SlideResolution(new MicronsPerPixel(x * scale, y * scale), source, detail);
        }

        return null;
    }

    private static SlideResolution? FromPhilips(IReadOnlyDictionary<string, string> p)
    {
        // DICOM PixelSpacing: millimetres, "row spacing" (y) then "column spacing" (x), often quoted.
        const string key = "philips.DICOM_PIXEL_SPACING";
        if (!p.TryGetValue(key, out var text))
        {
            return null;
        }

        var parts = text.Replace("\"", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 2 && TryParsePositive(parts[0], out var rowMm) && TryParsePositive(parts[1], out var colMm))
        {
            return new SlideResolution(new MicronsPerPixel(colMm * 1000, rowMm * 1000), ResolutionSource.VendorProperty, key);
        }

        return null;
    }

    private static SlideResolution? FromTiff(IReadOnlyDictionary<string, string> p)
    {
        if (!p.TryGetValue("tiff.ResolutionUnit", out var unit))
        {
            return null;
        }

        double micronsPerUnit = unit.Trim().ToUpperInvariant() switch
        {
            "CENTIMETER" => 10_000,
            "INCH" => 25_400,
            _ => 0,
        };
        if (micronsPerUnit == 0
            || !p.TryGetValue("tiff.XResolution", out var tx) || !p.TryGetValue("tiff.YResolution", out var ty)
            || !TryParsePositive(tx, out var pxPerUnitX) || !TryParsePositive(ty, out var pxPerUnitY))
        {
            return null;
        }

        var x = micronsPerUnit / pxPerUnitX;
        var y = micronsPerUnit / pxPerUnitY;
        if (x is < MinPlausibleMpp or > MaxPlausibleMpp || y is < MinPlausibleMpp or > MaxPlausibleMpp)
        {
            return null;
        }

        return new SlideResolution(new MicronsPerPixel(x, y), ResolutionSource.TiffResolution, $"tiff.XResolution, tiff.YResolution ({unit})");
    }

    internal static bool TryParsePositive(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && value > 0;
}
