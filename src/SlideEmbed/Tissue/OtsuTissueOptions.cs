namespace SlideEmbed.Tissue;

/// <summary>
/// Options of <see cref="OtsuTissueDetector"/>, the double-pass Otsu segmentation of CellViT as used
/// by TRIDENT. Pixel counts are given at <see cref="ReferenceMicronsPerPixel"/> (8 um/px, the 1.25x
/// level that method runs at) and rescaled by area to the detection image, so they mean the same
/// tissue area at any resolution. Immutable; derive variants with <c>with</c>.
/// </summary>
public sealed record OtsuTissueOptions
{
    private readonly int _greyMaxSaturation = 10;
    private readonly int _greyMinValue = 70;
    private readonly int _darkMaxValue = 85;
    private readonly double _minObjectPixels = 60;
    private readonly double _minHolePixelsKept = 5000;
    private readonly double _referenceMicronsPerPixel = 8;

    /// <summary>The defaults.</summary>
    public static OtsuTissueOptions Default { get; } = new();

    /// <summary>Pixels with HSV saturation at most this (0-255) and value at least <see cref="GreyMinValue"/> are grey and become background. Default 10.</summary>
    public int GreyMaxSaturation { get => _greyMaxSaturation; init => _greyMaxSaturation = Byte(value); }

    /// <summary>See <see cref="GreyMaxSaturation"/>. Default 70.</summary>
    public int GreyMinValue { get => _greyMinValue; init => _greyMinValue = Byte(value); }

    /// <summary>Pixels with HSV value at most this (0-255) are dark (including pure black) and become background. Default 85.</summary>
    public int DarkMaxValue { get => _darkMaxValue; init => _darkMaxValue = Byte(value); }

    /// <summary>Objects with fewer pixels than this, counted at the reference resolution, are removed. Default 60.</summary>
    public double MinObjectPixels { get => _minObjectPixels; init => _minObjectPixels = NonNegative(value); }

    /// <summary>Holes with fewer pixels than this, counted at the reference resolution, are filled. Default 5000.</summary>
    public double MinHolePixelsKept { get => _minHolePixelsKept; init => _minHolePixelsKept = NonNegative(value); }

    /// <summary>The resolution (um/px) at which the pixel counts are defined. Default 8 (1.25x).</summary>
    public double ReferenceMicronsPerPixel
    {
        get => _referenceMicronsPerPixel;
        init
        {
            TissueAreaUnits.ValidateMicronsPerPixel(value);
            _referenceMicronsPerPixel = value;
        }
    }

    /// <summary>Pen ink to treat as background before thresholding, or null (the default) to keep everything.</summary>
    public PenMarkOptions? PenMarks { get; init; }

    /// <summary>Adds the options to a provenance map.</summary>
    /// <param name="parameters">The map.</param>
    internal void AddTo(IDictionary<string, string> parameters)
    {
        parameters["channel"] = "saturation";
        parameters["grey_max_s"] = ParameterFormat.Number(GreyMaxSaturation);
        parameters["grey_min_v"] = ParameterFormat.Number(GreyMinValue);
        parameters["dark_max_v"] = ParameterFormat.Number(DarkMaxValue);
        parameters["min_object_px"] = ParameterFormat.Number(MinObjectPixels);
        parameters["min_hole_px"] = ParameterFormat.Number(MinHolePixelsKept);
        parameters["reference_mpp"] = ParameterFormat.Number(ReferenceMicronsPerPixel);
        parameters["pen"] = ParameterFormat.Flag(PenMarks is not null);
        PenMarks?.AddTo(parameters);
    }

    private static int Byte(int value) =>
        value is >= 0 and <= 255 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The value must lie in 0-255.");

    private static double NonNegative(double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A pixel count must be finite and non-negative.");
}
