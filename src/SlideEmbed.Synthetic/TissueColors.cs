using SlideEmbed.Imaging;

namespace SlideEmbed.Synthetic;

/// <summary>
/// How tissue is coloured: an H&amp;E-like pink stroma with darker patches and purple nuclei, a
/// deterministic function of the level-0 position and the scene seed so tissue is textured, not flat,
/// and every pixel's expected colour is known exactly.
/// </summary>
/// <remarks>
/// The texture, for a sample point (x, y) in level-0 pixels:
/// <list type="bullet">
/// <item>the plane is cut into square cells of <see cref="NucleusSpacing"/> pixels; three cells in four
/// (chosen by a hash of the seed and the cell) hold one round nucleus of radius 15% to 35% of the cell,
/// centred in the middle 30% of the cell, coloured <see cref="Nucleus"/> darkened by 0 to 15;</item>
/// <item>elsewhere the stroma colour <see cref="Stroma"/> is darkened by 0 to <see cref="ShadeDepth"/>
/// (the same amount on each channel), constant over 16 x 16 pixel patches.</item>
/// </list>
/// Darkening every channel by the same amount never lowers HSV saturation, so
/// <see cref="MinimumSaturation"/> is the saturation of the two base colours. Immutable.
/// </remarks>
public sealed record TissueColors
{
    /// <summary>Stroma patches are this many level-0 pixels square.</summary>
    public const int ShadePatchSize = 16;

    private readonly RgbColor _stroma = new(232, 158, 200);
    private readonly RgbColor _nucleus = new(112, 68, 158);
    private readonly int _shadeDepth = 24;
    private readonly double _nucleusSpacing = 32;

    /// <summary>The default H&amp;E-like palette: stroma (232, 158, 200), nuclei (112, 68, 158), shade depth 24, nucleus spacing 32 pixels.</summary>
    public static TissueColors HematoxylinEosin { get; } = new();

    /// <summary>Base stroma (eosin) colour. Default (232, 158, 200), HSV saturation 0.32.</summary>
    public RgbColor Stroma
    {
        get => _stroma;
        init => _stroma = value;
    }

    /// <summary>Base nucleus (haematoxylin) colour. Default (112, 68, 158), HSV saturation 0.57.</summary>
    public RgbColor Nucleus
    {
        get => _nucleus;
        init => _nucleus = value;
    }

    /// <summary>Largest darkening of stroma patches, 0 (flat stroma) to 64. Default 24.</summary>
    public int ShadeDepth
    {
        get => _shadeDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _shadeDepth = value;
        }
    }

    /// <summary>Side of a nucleus cell in level-0 pixels; 0 draws no nuclei. Default 32 (8 µm at 0.25 mpp).</summary>
    public double NucleusSpacing
    {
        get => _nucleusSpacing;
        init
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Nucleus spacing must be finite and non-negative.");
            }

            _nucleusSpacing = value;
        }
    }

    /// <summary>The smallest HSV saturation (max - min) / max of any tissue colour this palette produces.</summary>
    public double MinimumSaturation =>
        NucleusSpacing > 0 ? Math.Min(Saturation(Stroma), Saturation(Nucleus)) : Saturation(Stroma);

    /// <summary>HSV saturation of a colour: (max - min) / max, 0 for black.</summary>
    /// <param name="color">The colour.</param>
    /// <returns>A value in [0, 1].</returns>
    public static double Saturation(RgbColor color)
    {
        var max = Math.Max(color.R, Math.Max(color.G, color.B));
        var min = Math.Min(color.R, Math.Min(color.G, color.B));
        return max == 0 ? 0 : (max - min) / (double)max;
    }

    /// <summary>The tissue colour at a level-0 point.</summary>
    /// <param name="x">X in level-0 pixels.</param>
    /// <param name="y">Y in level-0 pixels.</param>
    /// <param name="seed">The scene seed.</param>
    /// <returns>The colour.</returns>
    public RgbColor At(double x, double y, int seed)
    {
        if (NucleusSpacing > 0)
        {
            var cell = NucleusSpacing;
            var cx = (long)Math.Floor(x / cell);
            var cy = (long)Math.Floor(y / cell);
            var h = Hash(seed, 1, cx, cy);
            if ((h & 3) != 0)
            {
                var centerX = (cx + 0.35 + (0.3 * Unit(h >> 8))) * cell;
                var centerY = (cy + 0.35 + (0.3 * Unit(h >> 24))) * cell;
                var radius = (0.15 + (0.2 * Unit(h >> 40))) * cell;
                var dx = x - centerX;
                var dy = y - centerY;
                if ((dx * dx) + (dy * dy) <= radius * radius)
                {
                    return Darken(Nucleus, (int)((h >> 2) & 15));
                }
            }
        }

        if (ShadeDepth == 0)
        {
            return Stroma;
        }

        var px = (long)Math.Floor(x / ShadePatchSize);
        var py = (long)Math.Floor(y / ShadePatchSize);
        return Darken(Stroma, (int)(Hash(seed, 2, px, py) % (ulong)(ShadeDepth + 1)));
    }

    private static RgbColor Darken(RgbColor c, int amount) =>
        new((byte)Math.Max(0, c.R - amount), (byte)Math.Max(0, c.G - amount), (byte)Math.Max(0, c.B - amount));

    // 16 bits of the hash as a fraction in [0, 1).
    private static double Unit(ulong bits) => (bits & 0xFFFF) / 65536.0;

    // SplitMix64 finaliser over the inputs: cheap, stateless and identical on every platform.
    private static ulong Hash(int seed, int stream, long a, long b)
    {
        var z = ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)stream << 56) ^ ((ulong)a * 0xBF58476D1CE4E5B9UL) ^ ((ulong)b * 0x94D049BB133111EBUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
