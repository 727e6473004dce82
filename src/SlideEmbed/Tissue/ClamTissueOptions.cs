namespace SlideEmbed.Tissue;

/// <summary>
/// Options of <see cref="ClamTissueDetector"/>, named after CLAM's segmentation parameters. The
/// defaults are the <see cref="Tcga"/> preset. Immutable; derive variants with <c>with</c>, which
/// re-validates every value set.
/// </summary>
/// <remarks>
/// <para>
/// Area thresholds (<see cref="MinRegionArea"/>, <see cref="MinHoleArea"/>) are in CLAM's unit of
/// one 512 x 512 reference patch at level 0, defined here physically as a square of
/// <see cref="TissueAreaUnits.ReferenceSquareMicrons"/> = 128 um (512 px at 0.25 um/px, the 40x TCGA
/// resolution the presets were tuned on). In an image at <c>mpp</c> microns per pixel the threshold is
/// <c>a * (128 / mpp)^2</c> pixels; for example <c>a_t = 16</c> is 1,024 px at 16 um/px. CLAM itself
/// scales by the slide's level-0 pixel size instead, so on a 20x slide (0.5 um/px) its thresholds
/// cover four times the tissue area that ours do; ours mean the same tissue on every scanner.
/// </para>
/// <para>
/// Kernel sizes (<see cref="MedianKernelSize"/>, <see cref="CloseKernelSize"/>) are in pixels of the
/// detection image, as in CLAM, which works at the pyramid level nearest to a 64x downsample
/// (about 16 um/px for 40x slides).
/// </para>
/// </remarks>
public sealed record ClamTissueOptions
{
    private readonly int _saturationThreshold = 8;
    private readonly int _medianKernelSize = 7;
    private readonly int _closeKernelSize = 4;
    private readonly double _minRegionArea = 16;
    private readonly double _minHoleArea = 4;
    private readonly int _maxHoles = 8;

    /// <summary>CLAM's <c>tcga</c> preset: sthresh 8, mthresh 7, close 4, a_t 16, a_h 4, max_n_holes 8 (also the defaults).</summary>
    public static ClamTissueOptions Tcga { get; } = new();

    /// <summary>CLAM's <c>bwh_biopsy</c> preset: sthresh 15, mthresh 11, close 2, a_t 1, a_h 1, max_n_holes 2.</summary>
    public static ClamTissueOptions BwhBiopsy { get; } = new()
    {
        SaturationThreshold = 15,
        MedianKernelSize = 11,
        CloseKernelSize = 2,
        MinRegionArea = 1,
        MinHoleArea = 1,
        MaxHoles = 2,
    };

    /// <summary>CLAM's <c>bwh_resection</c> preset: sthresh 15, mthresh 11, close 4, a_t 100, a_h 16, max_n_holes 8.</summary>
    public static ClamTissueOptions BwhResection { get; } = new()
    {
        SaturationThreshold = 15,
        MedianKernelSize = 11,
        CloseKernelSize = 4,
        MinRegionArea = 100,
        MinHoleArea = 16,
        MaxHoles = 8,
    };

    /// <summary>CLAM <c>sthresh</c>: tissue where the median-filtered saturation (0-255) is strictly above this. With <see cref="UseOtsu"/> it is the lowest level Otsu may pick. Default 8.</summary>
    public int SaturationThreshold
    {
        get => _saturationThreshold;
        init => _saturationThreshold = value is >= 0 and <= 255 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "sthresh must lie in 0-255.");
    }

    /// <summary>CLAM <c>mthresh</c>: side of the median filter window in pixels; odd, 1 (no filtering) to 255. Default 7.</summary>
    public int MedianKernelSize
    {
        get => _medianKernelSize;
        init => _medianKernelSize = value is >= 1 and <= MedianFilter.MaxKernelSize && value % 2 == 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "mthresh must be odd and between 1 and 255.");
    }

    /// <summary>CLAM <c>close</c>: side of the square closing element in pixels; 0 disables closing. Default 4.</summary>
    public int CloseKernelSize
    {
        get => _closeKernelSize;
        init => _closeKernelSize = value is >= 0 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "close must lie in 0-1024.");
    }

    /// <summary>CLAM <c>a_t</c>: smallest net tissue area (outer minus holes) kept, in 128 x 128 um reference squares. Default 16.</summary>
    public double MinRegionArea
    {
        get => _minRegionArea;
        init => _minRegionArea = NonNegative(value);
    }

    /// <summary>CLAM <c>a_h</c>: smallest hole area kept, in 128 x 128 um reference squares; smaller holes are filled as tissue. Default 4.</summary>
    public double MinHoleArea
    {
        get => _minHoleArea;
        init => _minHoleArea = NonNegative(value);
    }

    /// <summary>CLAM <c>max_n_holes</c>: most holes kept per region (the largest); the rest are filled. Default 8.</summary>
    public int MaxHoles
    {
        get => _maxHoles;
        init => _maxHoles = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "max_n_holes must be non-negative.");
    }

    /// <summary>CLAM <c>use_otsu</c>: threshold the median-filtered saturation at Otsu's level instead, with <see cref="SaturationThreshold"/> as a floor under that level (a deviation from CLAM that keeps blank glass, whose saturation is only noise, from being split in two). Default false.</summary>
    public bool UseOtsu { get; init; }

    /// <summary>Pen ink to exclude from tissue after closing, or null (the default) to keep everything.</summary>
    public PenMarkOptions? PenMarks { get; init; }

    /// <summary>
    /// The preset whose six CLAM numbers (<c>sthresh</c>, <c>mthresh</c>, <c>close</c>, <c>a_t</c>,
    /// <c>a_h</c>, <c>max_n_holes</c>) these options share: <c>tcga</c>, <c>bwh_biopsy</c>,
    /// <c>bwh_resection</c>, or <c>custom</c>. <see cref="UseOtsu"/> and <see cref="PenMarks"/> are not
    /// compared; they are visible in the detector's name and parameters.
    /// </summary>
    public string PresetName =>
        SameNumbers(Tcga) ? "tcga" : SameNumbers(BwhBiopsy) ? "bwh_biopsy" : SameNumbers(BwhResection) ? "bwh_resection" : "custom";

    /// <summary>Adds the options to a provenance map, with CLAM's parameter names.</summary>
    /// <param name="parameters">The map.</param>
    internal void AddTo(IDictionary<string, string> parameters)
    {
        parameters["sthresh"] = ParameterFormat.Number(SaturationThreshold);
        parameters["mthresh"] = ParameterFormat.Number(MedianKernelSize);
        parameters["close"] = ParameterFormat.Number(CloseKernelSize);
        parameters["a_t"] = ParameterFormat.Number(MinRegionArea);
        parameters["a_h"] = ParameterFormat.Number(MinHoleArea);
        parameters["max_n_holes"] = ParameterFormat.Number(MaxHoles);
        parameters["use_otsu"] = ParameterFormat.Flag(UseOtsu);
        parameters["area_unit_um"] = ParameterFormat.Number(TissueAreaUnits.ReferenceSquareMicrons);
        parameters["pen"] = ParameterFormat.Flag(PenMarks is not null);
        PenMarks?.AddTo(parameters);
    }

    private bool SameNumbers(ClamTissueOptions other) =>
        SaturationThreshold == other.SaturationThreshold
        && MedianKernelSize == other.MedianKernelSize
        && CloseKernelSize == other.CloseKernelSize
        && MinRegionArea.Equals(other.MinRegionArea)
        && MinHoleArea.Equals(other.MinHoleArea)
        && MaxHoles == other.MaxHoles;

    private static double NonNegative(double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "An area threshold must be finite and non-negative.");
}
