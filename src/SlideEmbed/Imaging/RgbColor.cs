using System.Globalization;

namespace SlideEmbed.Imaging;

/// <summary>An opaque 8-bit sRGB colour.</summary>
/// <param name="R">Red, 0-255.</param>
/// <param name="G">Green, 0-255.</param>
/// <param name="B">Blue, 0-255.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>White, the background used when a slide names none.</summary>
    public static RgbColor White { get; } = new(255, 255, 255);

    /// <summary>Parses a six-digit hexadecimal colour such as <c>FFFFFF</c> (the form OpenSlide uses for <c>openslide.background-color</c>); a leading <c>#</c> is allowed.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="color">The colour when parsing succeeds.</param>
    /// <returns>Whether the text was a valid colour.</returns>
    public static bool TryParseHex(string? text, out RgbColor color)
    {
        color = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith('#'))
        {
            span = span[1..];
        }

        if (span.Length != 6 || !uint.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        color = new RgbColor((byte)(value >> 16), (byte)(value >> 8), (byte)value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{R:X2}{G:X2}{B:X2}");
}
