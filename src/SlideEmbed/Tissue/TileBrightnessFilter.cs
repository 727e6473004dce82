using System.Numerics;

namespace SlideEmbed.Tissue;

/// <summary>
/// Flags near-white and near-black tiles by mean brightness, the mean of all R, G and B bytes of the
/// tile (0-255). A cheap second line after the tissue mask, for tiles that straddle the tissue edge
/// or fall on padding.
/// </summary>
/// <remarks>
/// Defaults follow common practice: slideflow's white-space filter uses brightness &gt; 230; the black
/// cut of 25 catches black scanner padding and opaque ink. Immutable and thread-safe.
/// </remarks>
public sealed class TileBrightnessFilter
{
    private readonly double _whiteThreshold = 230;
    private readonly double _blackThreshold = 25;

    /// <summary>The default filter (white above 230, black below 25).</summary>
    public static TileBrightnessFilter Default { get; } = new();

    /// <summary>A tile whose mean brightness is strictly above this (0-255) is near-white. Default 230.</summary>
    public double WhiteThreshold { get => _whiteThreshold; init => _whiteThreshold = Level(value); }

    /// <summary>A tile whose mean brightness is strictly below this (0-255) is near-black. Default 25.</summary>
    public double BlackThreshold { get => _blackThreshold; init => _blackThreshold = Level(value); }

    /// <summary>Mean of all bytes of an interleaved RGB buffer.</summary>
    /// <param name="rgb">Interleaved R G B bytes (any length; an empty buffer has mean 0).</param>
    /// <returns>The mean, 0-255.</returns>
    public static double MeanBrightness(ReadOnlySpan<byte> rgb)
    {
        if (rgb.IsEmpty)
        {
            return 0;
        }

        ulong sum = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Widened lane sums stay far below uint overflow within one block.
            const int BlockVectors = 1 << 16;
            var step = Vector<byte>.Count;
            while (i + step <= rgb.Length)
            {
                var accumulator = Vector<uint>.Zero;
                for (var n = 0; n < BlockVectors && i + step <= rgb.Length; n++, i += step)
                {
                    Vector.Widen(new Vector<byte>(rgb[i..]), out var low, out var high);
                    Vector.Widen(low + high, out var a, out var b);
                    accumulator += a + b;
                }

                Vector.Widen(accumulator, out var lower, out var upper);
                sum += Vector.Sum(lower + upper);
            }
        }

        for (; i < rgb.Length; i++)
        {
            sum += rgb[i];
        }

        return (double)sum / rgb.Length;
    }

    /// <summary>Classifies a tile.</summary>
    /// <param name="rgb">The tile as interleaved R G B bytes.</param>
    /// <returns>The verdict.</returns>
    public TileBrightness Classify(ReadOnlySpan<byte> rgb)
    {
        var mean = MeanBrightness(rgb);
        return mean > WhiteThreshold ? TileBrightness.NearWhite
            : mean < BlackThreshold ? TileBrightness.NearBlack
            : TileBrightness.Content;
    }

    /// <summary>Whether a tile is near-white or near-black.</summary>
    /// <param name="rgb">The tile as interleaved R G B bytes.</param>
    /// <returns>True when the tile should be skipped.</returns>
    public bool IsBackground(ReadOnlySpan<byte> rgb) => Classify(rgb) != TileBrightness.Content;

    private static double Level(double value) =>
        double.IsFinite(value) && value is >= 0 and <= 255
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A brightness threshold must lie in 0-255.");
}
