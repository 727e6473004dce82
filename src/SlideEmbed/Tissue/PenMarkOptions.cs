namespace SlideEmbed.Tissue;

/// <summary>
/// Which pen (marker ink) colours to exclude from tissue, defined in HSV with hue in degrees and
/// saturation and value in 0-255 (see <see cref="HsvConversion"/>). Defaults cover the blue, green and
/// black markers pathologists use on glass.
/// </summary>
/// <remarks>
/// <para>
/// H&amp;E stains sit at hues of roughly 240-360 degrees (haematoxylin blue-purple near 240-300,
/// eosin pink near 300-350), so the blue range stops at 235 degrees to spare dense nuclei, and the
/// green range (70-170) meets no stain at all. Black ink is simply a very dark pixel
/// (<c>V &lt;= 50</c>); tissue folds can be that dark too, and losing them is acceptable.
/// </para>
/// <para>
/// The detected ink is dilated by <see cref="MarginMicrons"/> so that the blurred, mixed-colour rim of
/// a stroke, which no longer looks like ink, does not survive as thin slivers of "tissue".
/// Instances are immutable; use <c>with</c> to derive variants.
/// </para>
/// </remarks>
public sealed record PenMarkOptions
{
    private readonly double _blueHueMin = 185;
    private readonly double _blueHueMax = 235;
    private readonly int _blueMinSaturation = 100;
    private readonly double _greenHueMin = 70;
    private readonly double _greenHueMax = 170;
    private readonly int _greenMinSaturation = 40;
    private readonly int _blackMaxValue = 50;
    private readonly double _marginMicrons = 32;

    /// <summary>The defaults: blue, green and black ink, 32 um margin.</summary>
    public static PenMarkOptions Default { get; } = new();

    /// <summary>Whether blue ink is excluded. Default true.</summary>
    public bool Blue { get; init; } = true;

    /// <summary>Lowest hue of blue ink in degrees, 0-360. Default 185.</summary>
    public double BlueHueMin { get => _blueHueMin; init => _blueHueMin = Hue(value); }

    /// <summary>Highest hue of blue ink in degrees, 0-360, &gt;= <see cref="BlueHueMin"/>. Default 235.</summary>
    public double BlueHueMax { get => _blueHueMax; init => _blueHueMax = Hue(value); }

    /// <summary>Smallest saturation (0-255) of blue ink. Default 100: marker ink is far more saturated than pale, bluish haematoxylin (about 60-90).</summary>
    public int BlueMinSaturation { get => _blueMinSaturation; init => _blueMinSaturation = Byte(value); }

    /// <summary>Whether green ink is excluded. Default true.</summary>
    public bool Green { get; init; } = true;

    /// <summary>Lowest hue of green ink in degrees, 0-360. Default 70.</summary>
    public double GreenHueMin { get => _greenHueMin; init => _greenHueMin = Hue(value); }

    /// <summary>Highest hue of green ink in degrees, 0-360, &gt;= <see cref="GreenHueMin"/>. Default 170.</summary>
    public double GreenHueMax { get => _greenHueMax; init => _greenHueMax = Hue(value); }

    /// <summary>Smallest saturation (0-255) of green ink. Default 40.</summary>
    public int GreenMinSaturation { get => _greenMinSaturation; init => _greenMinSaturation = Byte(value); }

    /// <summary>Whether black ink is excluded. Default true.</summary>
    public bool Black { get; init; } = true;

    /// <summary>Largest HSV value (0-255) counted as black ink. Default 50.</summary>
    public int BlackMaxValue { get => _blackMaxValue; init => _blackMaxValue = Byte(value); }

    /// <summary>Margin around detected ink, in microns, also excluded. Default 32 (two pixels at 16 um/px). 0 disables it.</summary>
    public double MarginMicrons
    {
        get => _marginMicrons;
        init
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The pen margin must be finite and non-negative.");
            }

            _marginMicrons = value;
        }
    }

    /// <summary>Checks relations between properties that single setters cannot.</summary>
    /// <exception cref="ArgumentException">A hue range is inverted.</exception>
    internal void Validate()
    {
        if (BlueHueMin > BlueHueMax || GreenHueMin > GreenHueMax)
        {
            throw new ArgumentException("Pen hue ranges must have min <= max.");
        }
    }

    /// <summary>Adds the options to a provenance map under the <c>pen.</c> prefix.</summary>
    /// <param name="parameters">The map.</param>
    internal void AddTo(IDictionary<string, string> parameters)
    {
        parameters["pen.blue"] = ParameterFormat.Flag(Blue);
        parameters["pen.blue_hue_min"] = ParameterFormat.Number(BlueHueMin);
        parameters["pen.blue_hue_max"] = ParameterFormat.Number(BlueHueMax);
        parameters["pen.blue_min_saturation"] = ParameterFormat.Number(BlueMinSaturation);
        parameters["pen.green"] = ParameterFormat.Flag(Green);
        parameters["pen.green_hue_min"] = ParameterFormat.Number(GreenHueMin);
        parameters["pen.green_hue_max"] = ParameterFormat.Number(GreenHueMax);
        parameters["pen.green_min_saturation"] = ParameterFormat.Number(GreenMinSaturation);
        parameters["pen.black"] = ParameterFormat.Flag(Black);
        parameters["pen.black_max_value"] = ParameterFormat.Number(BlackMaxValue);
        parameters["pen.margin_um"] = ParameterFormat.Number(MarginMicrons);
    }

    private static double Hue(double value) =>
        double.IsFinite(value) && value is >= 0 and <= 360
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "A hue must lie in 0-360 degrees.");

    private static int Byte(int value) =>
        value is >= 0 and <= 255 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must lie in 0-255.");
}
