using System.Globalization;

namespace SlideEmbed.Geometry;

/// <summary>
/// Physical pixel size in microns per pixel along x and y. A value type so that a
/// resolution can never be confused with a downsample or a magnification.
/// </summary>
/// <remarks>Both components are finite and strictly positive; construction enforces it.</remarks>
public readonly record struct MicronsPerPixel
{
    /// <summary>Creates a resolution with separate x and y pixel sizes.</summary>
    /// <param name="x">Microns per pixel along x; finite and &gt; 0.</param>
    /// <param name="y">Microns per pixel along y; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A component is not finite or not positive.</exception>
    public MicronsPerPixel(double x, double y)
    {
        if (!double.IsFinite(x) || x <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "Microns per pixel must be finite and positive.");
        }

        if (!double.IsFinite(y) || y <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "Microns per pixel must be finite and positive.");
        }

        X = x;
        Y = y;
    }

    /// <summary>Microns per pixel along x.</summary>
    public double X { get; }

    /// <summary>Microns per pixel along y.</summary>
    public double Y { get; }

    /// <summary>The mean of <see cref="X"/> and <see cref="Y"/>, used where one scalar is needed.</summary>
    public double Mean => (X + Y) / 2;

    /// <summary>Creates an isotropic resolution.</summary>
    /// <param name="value">Microns per pixel along both axes.</param>
    /// <returns>The resolution.</returns>
    public static MicronsPerPixel Isotropic(double value) => new(value, value);

    /// <summary>The resolution of a pyramid level whose downsample against level 0 is <paramref name="downsample"/>.</summary>
    /// <param name="downsample">Level downsample (level-0 pixels per level pixel), &gt; 0.</param>
    /// <returns>This resolution scaled by the downsample.</returns>
    public MicronsPerPixel AtDownsample(double downsample) => new(X * downsample, Y * downsample);

    /// <inheritdoc />
    public override string ToString() => X == Y
        ? X.ToString("0.####", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{X:0.####} x {Y:0.####}");
}
